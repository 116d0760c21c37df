package io.devmentor.monitoring.docker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Docker Engine API for tests: podman's API service on a private unix socket, with its own storage and
 * configuration under a temporary directory (nothing of the machine's is touched), and a tiny local image made
 * from the busybox-static binary, since no registry can be reached. {@code .ci/run} installs podman, runc and
 * busybox-static; without them the tests fail and say so.
 *
 * <p>Podman runs HEALTHCHECKs from systemd timers, which these machines lack, so tests run them with
 * {@link #healthcheck(String)}, as the timer would.
 */
public final class PodmanEngine implements AutoCloseable {

    /** The test image: busybox, whose default command loops until SIGTERM. */
    public static final String IMAGE = "localhost/devmentor-busybox:1";

    private final Path dir;
    private final Path socket;
    private final Map<String, String> environment;
    private Process service;

    private PodmanEngine(Path dir) {
        this.dir = dir;
        this.socket = dir.resolve("podman.sock");
        this.environment = Map.of("CONTAINERS_CONF", dir.resolve("containers.conf").toString(),
                "CONTAINERS_STORAGE_CONF", dir.resolve("storage.conf").toString());
    }

    /**
     * Starts a private podman API service with the test image.
     *
     * @return the engine
     * @throws IOException when podman is missing or does not start
     */
    public static PodmanEngine start() throws IOException, InterruptedException {
        for (String tool : List.of("podman", "runc")) {
            if (!onPath(tool)) {
                throw new IOException(tool + " is needed for the Docker tests: apt-get install podman runc"
                        + " busybox-static (.ci/run does)");
            }
        }
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)) {
            throw new IOException("/bin/busybox is needed for the test image: apt-get install busybox-static");
        }
        // Short: a unix socket's path may not exceed 107 bytes.
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "dm-podman-");
        PodmanEngine engine = new PodmanEngine(dir);
        engine.configure();
        engine.importImage(busybox);
        engine.startService();
        return engine;
    }

    private void configure() throws IOException {
        Files.writeString(dir.resolve("storage.conf"), "[storage]\ndriver = \"vfs\"\n"
                + "graphroot = \"" + dir.resolve("storage") + "\"\nrunroot = \"" + dir.resolve("run") + "\"\n");
        Files.writeString(dir.resolve("containers.conf"), "[containers]\n"
                + "default_ulimits = [\"nofile=4096:4096\", \"nproc=4096:4096\"]\n"
                + "[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\nevents_logger = \"file\"\n"
                + "tmp_dir = \"" + dir.resolve("tmp") + "\"\n");
    }

    private void importImage(Path busybox) throws IOException, InterruptedException {
        Path root = dir.resolve("image");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("tmp"));
        Files.copy(busybox, root.resolve("bin/busybox"));
        for (String applet : List.of("sh", "sleep", "test", "touch", "rm", "cat", "echo", "dd", "yes")) {
            Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
        }
        Path tar = dir.resolve("image.tar");
        run(List.of("tar", "-C", root.toString(), "-cf", tar.toString(), "."), 60);
        podman("import", "--change",
                "CMD [\"/bin/sh\", \"-c\", \"trap 'exit 0' TERM; while true; do sleep 1; done\"]",
                tar.toString(), IMAGE);
    }

    /** Starts the API service (again, after {@link #stopService()}), and waits until it answers. */
    public synchronized void startService() throws IOException, InterruptedException {
        Files.deleteIfExists(socket);
        ProcessBuilder builder = new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("service.log").toFile()));
        builder.environment().putAll(environment);
        service = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(socket)) {
            if (!service.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("podman system service did not start: "
                        + Files.readString(dir.resolve("service.log")));
            }
            Thread.sleep(50);
        }
    }

    /** Stops the API service; containers keep running, as they do when a Docker daemon restarts. */
    public synchronized void stopService() throws InterruptedException {
        if (service != null) {
            service.destroy();
            service.waitFor(10, TimeUnit.SECONDS);
            service.destroyForcibly();
            service = null;
        }
    }

    /**
     * The {@code DOCKER_HOST} of this engine.
     *
     * @return {@code unix:///tmp/…/podman.sock}
     */
    public String dockerHost() {
        return "unix://" + socket;
    }

    /**
     * Starts a detached container of the test image.
     *
     * @param name its name
     * @param options more {@code podman run} options, such as {@code --label devmentor.monitor=true}
     * @return its id
     */
    public String run(String name, String... options) throws IOException, InterruptedException {
        return runCommand(name, List.of(options));
    }

    /**
     * Starts a detached container of the test image with a command of its own.
     *
     * @param name its name
     * @param options more {@code podman run} options
     * @param command the command, instead of the image's
     * @return its id
     */
    public String runCommand(String name, List<String> options, String... command)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
        args.addAll(options);
        args.add(IMAGE);
        args.addAll(Arrays.asList(command));
        return podman(args.toArray(String[]::new)).strip();
    }

    /**
     * Runs a container's health check once, as Docker's timer would.
     *
     * @param container the container
     */
    public void healthcheck(String container) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("podman", "healthcheck", "run", container));
        run(command, 30, true);
    }

    /**
     * Runs the podman command line against this engine's storage.
     *
     * @param args its arguments
     * @return what it printed
     * @throws IOException when it fails
     */
    public String podman(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(Arrays.asList(args));
        return run(command, 60, false);
    }

    private String run(List<String> command, int seconds) throws IOException, InterruptedException {
        return run(command, seconds, false);
    }

    private String run(List<String> command, int seconds, boolean anyExit) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + ": no answer in " + seconds + " s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0 && !anyExit) {
            throw new IOException(String.join(" ", command) + " exited " + process.exitValue() + ": " + text);
        }
        return text;
    }

    private static boolean onPath(String tool) {
        for (String directory : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":", -1)) {
            if (Files.isExecutable(Path.of(directory, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Removes every container, stops the service and deletes the storage. */
    @Override
    public void close() throws IOException {
        try {
            podman("rm", "-f", "-a", "-t", "0");
            stopService();
            run(List.of("rm", "-rf", dir.toString()), 120);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while removing the test engine", e);
        }
    }
}
