package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.tck.Await;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * No image can be built here (no registry holds a base image), so this runs the image's exact ENTRYPOINT
 * and HEALTHCHECK commands, with its ENV, against the jar the build made, after the step that makes its class
 * archive: the server must come up healthy with that archive,
 * and the health check must say so, then say otherwise once it is gone.
 */
// Not beside CrashRecoveryIT: building and running the image takes both cores for half a minute.
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(ClusterIT.SERVER_PROCESSES)
class ImageEntrypointIT {

    private static final String IMAGE_JAR = "/opt/devmentor/monitoring-server.jar";
    private static final String IMAGE_ARCHIVE = "/opt/devmentor/monitoring-server.jsa";

    @TempDir
    Path dir;

    @Test
    void theImagesEntrypointServesAndItsHealthCheckTellsTheTruth() throws Exception {
        String dockerfile = Files.readString(Path.of("..", "Dockerfile")).replace("\\\n", " ");
        List<String> entrypoint = command(dockerfile, "^ENTRYPOINT\\s+(\\[.*])");
        List<String> healthcheck = command(dockerfile, "^HEALTHCHECK .*CMD\\s+(\\[.*])");
        Map<String, String> env = imageEnv(dockerfile);
        assertEquals("3006", env.get("PORT"));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        env.put("PORT", Integer.toString(port));
        env.put("MONITORING_DATA_DIR", dir.resolve("data").toString());
        env.put("MONITORING_LOG_DIR", dir.resolve("logs").toString());
        // The image's plugin directory, here: a third party's jar in it adds its checker to the image's start.
        assertEquals("/opt/devmentor/plugins", env.get("MONITORING_PLUGINS_DIR"));
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginJarsTest.pluginJar(plugins);
        env.put("MONITORING_PLUGINS_DIR", plugins.toString());
        Files.writeString(dir.resolve("monitoring.yml"), "services:\n  nightly-import:\n    type: from-a-jar\n"
                + "    interval: 200\n");

        // The image's class archive, made as its build makes it (before its ENV), then the entry point with it:
        // -Xshare:on refuses to start when the archive does not fit, rather than quietly going without.
        Matcher archiveStep = Pattern.compile("^RUN (java -XX:ArchiveClassesAtExit=.*)$", Pattern.MULTILINE)
                .matcher(dockerfile);
        assertTrue(archiveStep.find(), "the Dockerfile makes a class archive");
        Process archiving = start(Pattern.compile("\\s+").splitAsStream(archiveStep.group(1).trim()).toList(), Map.of(), "archive.log");
        assertTrue(archiving.waitFor(60, TimeUnit.SECONDS), "the class archive made within a minute");
        assertEquals(0, archiving.exitValue(), Files.readString(dir.resolve("archive.log")));
        assertTrue(Files.size(dir.resolve("monitoring-server.jsa")) > 1_000_000, "the archive");
        assertTrue(entrypoint.contains("-XX:SharedArchiveFile=" + IMAGE_ARCHIVE), entrypoint.toString());
        List<String> withArchive = new ArrayList<>(entrypoint);
        withArchive.add(1, "-Xshare:on");
        Process server = start(withArchive, env, "server.log");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int status = -1;
            while (status != 0 && System.nanoTime() < deadline) {
                status = run(healthcheck, env);
                Thread.sleep(200);
            }
            assertEquals(0, status, "HEALTHCHECK passes once the server is up; log:\n"
                    + Files.readString(dir.resolve("server.log")));
            assertTrue(Files.isRegularFile(dir.resolve("logs/combined.log")), "logs go to MONITORING_LOG_DIR");
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            Await.until(java.time.Duration.ofSeconds(10), "the plugin jar's service checked", () -> {
                try {
                    return client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
                            + port + "/api/services/nightly-import")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString()).body()
                            .contains("answered by the plugin jar");
                } catch (java.io.IOException | InterruptedException e) {
                    return false;
                }
            });
        } finally {
            server.destroy();
            assertTrue(server.waitFor(15, TimeUnit.SECONDS));
        }
        assertEquals(1, run(healthcheck, env), "HEALTHCHECK fails when nothing answers");
    }

    private Process start(List<String> command, Map<String, String> env, String log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(local(command)).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private int run(List<String> command, Map<String, String> env) throws Exception {
        Process process = start(command, env, "healthcheck.log");
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return process.exitValue();
    }

    /** The image's command with the image's java and jar replaced by this machine's. */
    private List<String> local(List<String> command) {
        List<String> local = new ArrayList<>();
        for (String part : command) {
            if (part.equals("java")) {
                local.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            } else if (part.equals(IMAGE_JAR)) {
                local.add(Path.of("target/monitoring-server.jar").toAbsolutePath().toString());
            } else {
                local.add(part.replace(IMAGE_ARCHIVE, dir.resolve("monitoring-server.jsa").toString()));
            }
        }
        return local;
    }

    private static List<String> command(String dockerfile, String regex) throws Exception {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(dockerfile);
        assertTrue(m.find(), "the Dockerfile has " + regex);
        List<String> command = new ArrayList<>();
        new ObjectMapper().readTree(m.group(1)).forEach(node -> command.add(node.asText()));
        return command;
    }

    private static Map<String, String> imageEnv(String dockerfile) {
        Map<String, String> env = new LinkedHashMap<>();
        Matcher block = Pattern.compile("^ENV\\s+(.*)$", Pattern.MULTILINE).matcher(dockerfile);
        while (block.find()) {
            Matcher pair = Pattern.compile("([A-Z_]+)=(\"[^\"]*\"|\\S*)").matcher(block.group(1));
            while (pair.find()) {
                env.put(pair.group(1), pair.group(2).replaceAll("^\"|\"$", ""));
            }
        }
        return env;
    }
}
