package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.devmentor.monitoring.tck.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** The runnable jar, started as a user starts it: {@code java -jar monitoring-server.jar}. */
@Execution(ExecutionMode.CONCURRENT)
class JarLaunchIT {

    private static final Path JAR = Path.of("target/monitoring-server.jar").toAbsolutePath();
    /** The class archive the build makes beside the jar. */
    private static final Path ARCHIVE = Path.of("target/monitoring-server.jsa").toAbsolutePath();

    @TempDir
    Path workDir;

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private ProcessBuilder java(int port, String... options) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(options));
        command.addAll(List.of("-jar", JAR.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("console.log").toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("HEALTH_CHECK_INTERVAL", "200");
        return builder;
    }

    @Test
    void startsWithItsEmbeddedDefaultsServesAndStopsOnSigterm() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "build the jar first: " + JAR);
        int port = freePort();
        // A service nobody answers for: its outage is an error, in logs/error.log.
        Files.writeString(workDir.resolve("monitoring.yml"), "services:\n  ledger:\n    type: tcp\n    host: 127.0.0.1\n"
                + "    port: " + freePort() + "\n    interval: 200\n    retryAttempts: 0\n");
        // As the README's quick start runs it, with the class archive the build made beside the jar; -Xshare:on
        // refuses to start when the archive does not fit this JVM and jar, rather than quietly going without.
        List<String> options = new ArrayList<>(readmeJavaOptions());
        assertTrue(options.contains("-XX:SharedArchiveFile=" + ARCHIVE), options.toString());
        options.add("-Xshare:on");
        ProcessBuilder builder = java(port, options.toArray(String[]::new));
        builder.environment().put("HOST", "127.0.0.1");
        Process process = builder.start();
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> health = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((health == null || health.statusCode() == 503) && System.nanoTime() < deadline) {
                try {
                    health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .build(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException notYet) {
                    health = null;
                }
                Thread.sleep(20);
            }
            if (health == null) {
                fail("no answer on /health; console:\n" + Files.readString(workDir.resolve("console.log")));
            }
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"status\":\"healthy\""));
            assertTrue(Files.isDirectory(workDir.resolve("data")), "the embedded data directory");
            assertTrue(Files.readString(workDir.resolve("logs/combined.log"), StandardCharsets.UTF_8)
                    .contains("DevMentor Monitoring listening on"), "logs/combined.log");
            assertTrue(Files.readString(workDir.resolve("logs/combined.log"), StandardCharsets.UTF_8)
                    .contains("listening on 127.0.0.1:" + port), "HOST is the address listened on");
            Path errors = workDir.resolve("logs/error.log");
            Await.until(Duration.ofSeconds(10), "the outage in logs/error.log", () -> {
                try {
                    return Files.readString(errors, StandardCharsets.UTF_8).contains("ledger is DOWN (");
                } catch (IOException e) {
                    return false;
                }
            });

            // The server checks itself five times a second: once its pools are warm (a few seconds), 25 checks
            // start no thread each (on two cores, Java's HTTP client used to start one per answer).
            Thread.sleep(4000);
            double before = threadsStarted(client, port);
            Thread.sleep(5000);
            double started = threadsStarted(client, port) - before;
            assertTrue(started < 5, started + " threads started in 5 s of checks and collections");
        } finally {
            process.destroy();
            assertTrue(process.waitFor(15, TimeUnit.SECONDS), "stops on SIGTERM");
        }
    }

    @Test
    void withLogFormatJsonEveryLineIsAJsonObjectWithWhatItIsAboutAsFields() throws Exception {
        int port = freePort();
        Files.writeString(workDir.resolve("monitoring.yml"), "services:\n  ledger:\n    type: tcp\n    host: 127.0.0.1\n"
                + "    port: " + freePort() + "\n    interval: 200\n    retryAttempts: 0\n");
        ProcessBuilder builder = java(port);
        builder.environment().put("LOG_FORMAT", "json");
        builder.environment().put("MONITORING_INSTANCE_ID", "json-test-1");
        builder.environment().put("MONITORING_API_TOKENS", "alice:alice-json-s3cret");
        Process process = builder.start();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            Path errors = workDir.resolve("logs/error.log");
            Await.until(Duration.ofSeconds(30), "the outage in logs/error.log", () -> {
                try {
                    return Files.readString(errors, StandardCharsets.UTF_8).contains("ledger is DOWN (");
                } catch (IOException e) {
                    return false;
                }
            });
            // A person's change: the incident's log line names it, its service and its correlation id. The incident
            // opens after the outage's log line (the pipeline's later stage), so it is waited for too.
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            java.util.concurrent.atomic.AtomicReference<String> opened = new java.util.concurrent.atomic.AtomicReference<>();
            Await.until(Duration.ofSeconds(30), "the outage's incident", () -> {
                try {
                    opened.set(json.readTree(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/incidents?status=open")).build(), HttpResponse.BodyHandlers.ofString()).body())
                            .path("incidents").path(0).path("id").asText(null));
                } catch (IOException e) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                return opened.get() != null;
            });
            String incident = opened.get();
            assertEquals(200, client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/incidents/" + incident + "/acknowledge")).header("Authorization", "Bearer alice-json-s3cret")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode());
        } finally {
            process.destroy();
            assertTrue(process.waitFor(15, TimeUnit.SECONDS), "stops on SIGTERM");
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String file : List.of("console.log", "logs/combined.log", "logs/error.log")) {
            List<String> lines = Files.readAllLines(workDir.resolve(file), StandardCharsets.UTF_8);
            assertTrue(!lines.isEmpty(), file + " is empty");
            List<com.fasterxml.jackson.databind.JsonNode> parsed = new ArrayList<>();
            for (String line : lines) {
                parsed.add(json.readTree(line)); // throws on any line that is not one JSON object
                assertTrue(parsed.get(parsed.size() - 1).isObject(), file + ": " + line);
            }
            for (com.fasterxml.jackson.databind.JsonNode line : parsed) {
                assertTrue(line.hasNonNull("@timestamp") && line.hasNonNull("level") && line.hasNonNull("message"),
                        file + ": " + line);
            }
            com.fasterxml.jackson.databind.JsonNode down = parsed.stream()
                    .filter(line -> line.get("message").asText().startsWith("ledger is DOWN")).findFirst()
                    .orElseThrow(() -> new AssertionError(file + " has no outage line"));
            assertEquals("ERROR", down.get("level").asText());
            assertEquals("ledger", down.get("service").asText());
            assertTrue(down.hasNonNull("correlationId"), down.toString());
            if (!file.equals("logs/error.log")) {
                com.fasterxml.jackson.databind.JsonNode acknowledged = parsed.stream()
                        .filter(line -> line.get("message").asText().contains(": acknowledged by alice")).findFirst()
                        .orElseThrow(() -> new AssertionError(file + " has no acknowledgement"));
                assertEquals("ledger", acknowledged.get("service").asText());
                assertEquals(down.get("correlationId").asText(), acknowledged.get("correlationId").asText());
                assertTrue(acknowledged.hasNonNull("incidentId"), acknowledged.toString());
                assertEquals("json-test-1", acknowledged.get("instance").asText());
            }
            assertTrue(parsed.stream().noneMatch(line -> line.toString().contains("alice-json-s3cret")), "no secret");
        }
    }

    /**
     * The JVM options of the README's first command ({@code ... && java OPTIONS -jar
     * monitoring-server/target/monitoring-server.jar}), with its paths made this module's.
     */
    private static List<String> readmeJavaOptions() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        java.util.regex.Matcher command = java.util.regex.Pattern
                .compile("(?m)^mvn -B -DskipTests package && java (.*?)-jar monitoring-server/target/monitoring-server.jar$")
                .matcher(readme);
        assertTrue(command.find(), "the README's quick start runs the jar");
        List<String> options = new ArrayList<>();
        for (String option : java.util.regex.Pattern.compile("\\s+").splitAsStream(command.group(1).trim()).toList()) {
            if (!option.isEmpty()) {
                options.add(option.replace("monitoring-server/target/", ARCHIVE.getParent() + "/"));
            }
        }
        return options;
    }

    private static double threadsStarted(HttpClient client, int port) throws Exception {
        String metrics = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        java.util.regex.Matcher started = java.util.regex.Pattern.compile("(?m)^jvm_threads_started_threads_total(?:\\{[^}]*\\})? (\\S+)$")
                .matcher(metrics);
        assertTrue(started.find(), "jvm_threads_started_threads_total in /metrics");
        return Double.parseDouble(started.group(1));
    }

    @Test
    void anInvalidConfigurationStopsTheStartWithAMessageThatNamesTheField() throws Exception {
        Files.writeString(workDir.resolve("monitoring.yml"), "services:\n  auth:\n    port: 3002\n    timeout: -1\n");
        Process process = java(freePort()).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        String console = Files.readString(workDir.resolve("console.log"));
        assertTrue(console.contains("services.auth.timeout: must be a positive number of milliseconds, was -1"), console);
    }
}
