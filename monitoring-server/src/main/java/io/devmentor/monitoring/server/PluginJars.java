package io.devmentor.monitoring.server;

import io.devmentor.monitoring.core.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin jars an operator drops into a directory, {@code MONITORING_PLUGINS_DIR} (default {@code plugins}
 * beside the server's working directory): their providers join the built-in ones, found by the same
 * {@code ServiceLoader}, with {@code java -jar} as with the image's entry point. Without the directory, only the
 * server's own class path counts.
 */
final class PluginJars implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PluginJars.class);

    private final ClassLoader loader;
    private final List<Path> jars;

    private PluginJars(ClassLoader loader, List<Path> jars) {
        this.loader = loader;
        this.jars = List.copyOf(jars);
    }

    /**
     * The plugin jars of the directory the environment names, or none.
     *
     * @throws ConfigurationException when a named directory is missing
     */
    static PluginJars from(Map<String, String> env) {
        String named = env.get("MONITORING_PLUGINS_DIR");
        Path dir = Path.of(named == null || named.isBlank() ? "plugins" : named.trim()).toAbsolutePath();
        ClassLoader server = PluginJars.class.getClassLoader();
        if (!Files.isDirectory(dir)) {
            if (named != null && !named.isBlank()) {
                throw new ConfigurationException("MONITORING_PLUGINS_DIR: no directory " + dir);
            }
            return new PluginJars(server, List.of());
        }
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f)).sorted()
                    .forEach(jars::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plugin directory " + dir, e);
        }
        if (jars.isEmpty()) {
            return new PluginJars(server, List.of());
        }
        URL[] urls = new URL[jars.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = jars.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalStateException("a file path that is no URL: " + jars.get(i), e);
            }
        }
        log.info("plugin jars from {}: {}", dir, jars.stream().map(j -> j.getFileName().toString()).toList());
        return new PluginJars(new URLClassLoader("monitoring-plugins", urls, server), jars);
    }

    /** What plugins are found with: the server's own class path, and the jars. */
    ClassLoader loader() {
        return loader;
    }

    List<Path> jars() {
        return jars;
    }

    @Override
    public void close() {
        if (loader instanceof URLClassLoader jarsLoader) {
            try {
                jarsLoader.close();
            } catch (IOException e) {
                log.debug("plugin jars not closed: {}", e.toString());
            }
        }
    }
}
