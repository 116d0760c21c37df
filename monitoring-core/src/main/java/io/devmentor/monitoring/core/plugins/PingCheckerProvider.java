package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.spi.Availability;
import io.devmentor.monitoring.spi.HealthChecker;
import io.devmentor.monitoring.spi.HealthCheckerProvider;
import io.devmentor.monitoring.spi.PluginContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Provides the {@code ping} checker: an ICMP echo, where the JVM may send one. The JDK sends ICMP only with raw
 * sockets, which Linux allows a process with {@code CAP_NET_RAW} (root has it); without, it would quietly try
 * TCP port 7 instead, which is not a ping, so the checker is not offered and {@code /api/plugins} says why.
 */
public final class PingCheckerProvider implements HealthCheckerProvider {

    /** The bit of CAP_NET_RAW in /proc/self/status's CapEff. */
    private static final long CAP_NET_RAW = 1L << 13;

    @Override
    public String name() {
        return "ping";
    }

    @Override
    public Availability availability(PluginContext context) {
        return mayPing(Path.of("/proc/self/status")) ? Availability.AVAILABLE
                : Availability.notRequested("ICMP needs raw sockets, which this process may not open (Linux"
                        + " CAP_NET_RAW, as root has): run as root, or give java the capability with setcap");
    }

    @Override
    public HealthChecker create(PluginContext context) {
        return new PingHealthChecker(context.clock());
    }

    /** Whether the process's effective capabilities include CAP_NET_RAW, as its status file says. */
    static boolean mayPing(Path status) {
        try {
            Optional<String> effective = Files.readAllLines(status).stream().filter(l -> l.startsWith("CapEff:"))
                    .map(l -> l.substring("CapEff:".length()).trim()).findFirst();
            return effective.isPresent() && (Long.parseUnsignedLong(effective.get(), 16) & CAP_NET_RAW) != 0;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }
}
