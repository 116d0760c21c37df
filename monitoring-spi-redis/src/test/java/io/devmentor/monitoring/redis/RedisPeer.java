package io.devmentor.monitoring.redis;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's real Redis (127.0.0.1:6379, no persistence), which tests stop and start as an outage does.
 * Tests fail, never skip, when it cannot be reached: {@code .ci/run} starts it.
 */
final class RedisPeer {

    private RedisPeer() {
    }

    static void require() {
        if (!answers()) {
            fail("Redis is needed at 127.0.0.1:6379 (.ci/run starts it)");
        }
    }

    static boolean answers() {
        try {
            return cli("ping").contains("PONG");
        } catch (Exception e) {
            return false;
        }
    }

    static String cli(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", "6379"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        return output;
    }

    /** Stops Redis; it comes back empty, as one without persistence does. */
    static void shutdown() throws Exception {
        cli("shutdown", "nosave");
    }

    static void start() throws Exception {
        Process process = new ProcessBuilder("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1",
                "--port", "6379", "--save", "", "--appendonly", "no").redirectErrorStream(true).start();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
