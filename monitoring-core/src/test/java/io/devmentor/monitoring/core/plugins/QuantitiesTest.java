package io.devmentor.monitoring.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.devmentor.monitoring.core.plugins.Quantities.Unit;
import org.junit.jupiter.api.Test;

/** Values in the words of a prediction's message. */
class QuantitiesTest {

    @Test
    void timesSizesPercentagesAndCounts() {
        assertEquals(Unit.SECONDS, Unit.of("service.response.time", "seconds"));
        assertEquals(Unit.BYTES, Unit.of("jvm.heap.used", "bytes"));
        assertEquals(Unit.PERCENT, Unit.of("system.cpu.usage.percent", null));
        assertEquals(Unit.PLAIN, Unit.of("app.queue.depth", null));
        assertEquals("1.2 s", Quantities.format(1.2, Unit.SECONDS));
        assertEquals("240 ms", Quantities.format(0.2397, Unit.SECONDS));
        assertEquals("0.5 ms", Quantities.format(0.0005, Unit.SECONDS));
        assertEquals("512 MiB", Quantities.format(512.0 * 1024 * 1024, Unit.BYTES));
        assertEquals("1.5 GiB", Quantities.format(1.5 * 1024 * 1024 * 1024, Unit.BYTES));
        assertEquals("900 bytes", Quantities.format(900, Unit.BYTES));
        assertEquals("15.1 %", Quantities.format(15.08, Unit.PERCENT));
        assertEquals("1,250", Quantities.format(1250.4, Unit.PLAIN));
        assertEquals("0.0123", Quantities.format(0.012345, Unit.PLAIN));
    }

    @Test
    void rangesShareTheirUnitWhereTheyCan() {
        assertEquals("180–240 ms", Quantities.range(0.18, 0.24, Unit.SECONDS));
        assertEquals("800 ms – 1.2 s", Quantities.range(0.8, 1.2, Unit.SECONDS));
        assertEquals("95.2–105", Quantities.range(95.2, 104.8, Unit.PLAIN));
        assertEquals("10–20 %", Quantities.range(10, 20, Unit.PERCENT));
        assertEquals("2.1–2.6 GiB", Quantities.range(2.1 * (1 << 30), 2.6 * (1 << 30), Unit.BYTES));
    }
}
