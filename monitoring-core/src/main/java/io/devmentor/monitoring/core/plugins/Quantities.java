package io.devmentor.monitoring.core.plugins;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Measured values in the words an operator reads in a prediction's message: times in ms or s, sizes in KiB to
 * TiB, percentages with their sign, rates and counts with three significant figures.
 */
final class Quantities {

    private static final String[] BYTE_UNITS = {"bytes", "KiB", "MiB", "GiB", "TiB"};

    private Quantities() {
    }

    /** How a series' values are shown, from its base unit and name. */
    enum Unit {
        SECONDS, BYTES, PERCENT, PLAIN;

        /**
         * The unit of a series.
         *
         * @param name the metric's name: one ending in {@code percent} is a percentage
         * @param baseUnit its base unit, or null
         */
        static Unit of(String name, @Nullable String baseUnit) {
            if ("seconds".equals(baseUnit)) {
                return SECONDS;
            }
            if ("bytes".equals(baseUnit)) {
                return BYTES;
            }
            return name.endsWith("percent") ? PERCENT : PLAIN;
        }
    }

    /** A value with its unit: {@code 1.2 s}, {@code 240 ms}, {@code 512 MiB}, {@code 15.1 %}, {@code 1,250}. */
    static String format(double value, Unit unit) {
        return switch (unit) {
            case SECONDS -> Math.abs(value) >= 1 ? number(value) + " s" : number(value * 1000) + " ms";
            case BYTES -> bytes(value);
            case PERCENT -> number(value) + " %";
            case PLAIN -> number(value);
        };
    }

    /**
     * A range: {@code 180–240 ms} where both ends are in one unit, {@code 800 ms – 1.2 s} where they are not,
     * {@code 95–105} without one.
     */
    static String range(double low, double high, Unit unit) {
        String lowText = format(low, unit);
        String highText = format(high, unit);
        String lowUnit = lowText.substring(lowText.indexOf(' ') + 1);
        String highUnit = highText.substring(highText.indexOf(' ') + 1);
        if (lowText.indexOf(' ') < 0 && highText.indexOf(' ') < 0) {
            return lowText + "–" + highText;
        }
        if (lowText.indexOf(' ') > 0 && lowUnit.equals(highUnit)) {
            return lowText.substring(0, lowText.indexOf(' ')) + "–" + highText;
        }
        return lowText + " – " + highText;
    }

    /** A size in the largest binary unit that keeps it at 1 or more: {@code 512 MiB}, {@code 1.5 GiB}. */
    static String bytes(double value) {
        double scaled = value;
        int unit = 0;
        while (Math.abs(scaled) >= 1024 && unit < BYTE_UNITS.length - 1) {
            scaled /= 1024;
            unit++;
        }
        return (unit == 0 ? String.format(Locale.ROOT, "%.0f", scaled) : number(scaled)) + " " + BYTE_UNITS[unit];
    }

    /** Three significant figures, thousands grouped from 1,000 on: {@code 0.0123}, {@code 1.2}, {@code 15.1}. */
    static String number(double value) {
        if (!Double.isFinite(value)) {
            return String.valueOf(value);
        }
        if (Math.abs(value) >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
