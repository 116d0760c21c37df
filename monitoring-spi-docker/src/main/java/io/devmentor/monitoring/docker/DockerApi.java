package io.devmentor.monitoring.docker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The calls the adapter makes to the Docker Engine API, and nothing else: list, inspect, stats, events and
 * restart. It never creates, executes in or removes a container, so a socket proxy can allow just these.
 */
final class DockerApi implements AutoCloseable {

    private static final Pattern NOT_A_SERVICE_NAME = Pattern.compile("[^A-Za-z0-9._-]");
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final DockerSettings settings;
    private final DockerHttpClient http;
    private final DockerClient client;

    /**
     * @param responseTimeout how long an answer may keep the client waiting; zero for none (event streams)
     */
    DockerApi(DockerSettings settings, Duration responseTimeout) {
        this.settings = settings;
        // Only what we set: no ~/.docker/config.json, no registry credentials, no TLS unless the host says so.
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(settings.host().toString())
                .build();
        this.http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(16)
                .connectionTimeout(Duration.ofSeconds(3))
                .responseTimeout(responseTimeout)
                .build();
        this.client = DockerClientImpl.getInstance(config, http);
    }

    /** A container this adapter watches, and the service it is. */
    record Watched(String id, String name, String service, String state, Map<String, String> labels) {
    }

    /** The containers to watch, running or not: those labelled {@code devmentor.monitor=true}, and those named. */
    List<Watched> watched() {
        List<Watched> found = new ArrayList<>();
        for (Container container : client.listContainersCmd().withShowAll(true).exec()) {
            Map<String, String> labels = container.getLabels() == null ? Map.of() : container.getLabels();
            String name = name(container);
            if ("true".equalsIgnoreCase(labels.get(DockerSettings.MONITOR_LABEL))
                    || settings.containers().contains(name)) {
                found.add(new Watched(container.getId(), name, serviceName(labels, name),
                        String.valueOf(container.getState()), Map.copyOf(labels)));
            }
        }
        return found;
    }

    InspectContainerResponse inspect(String container) {
        return client.inspectContainerCmd(container).exec();
    }

    /**
     * One reading of a container's stats, at once: {@code one-shot} spares the second of waiting that the
     * daemon otherwise spends to fill in the previous CPU reading, which the collector keeps itself.
     */
    Statistics stats(String containerId) throws IOException {
        DockerHttpClient.Request request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + URLEncoder.encode(containerId, StandardCharsets.UTF_8)
                        + "/stats?stream=false&one-shot=true")
                .build();
        try (DockerHttpClient.Response response = http.execute(request); InputStream body = response.getBody()) {
            if (response.getStatusCode() != 200) {
                throw new IOException("stats of " + containerId + ": HTTP " + response.getStatusCode());
            }
            return JSON.readValue(body, Statistics.class);
        }
    }

    void restart(String container, int stopTimeoutSeconds) {
        client.restartContainerCmd(container).withTimeout(stopTimeoutSeconds).exec();
    }

    /** Streams container events to the callback until it is closed, or the connection ends. */
    <C extends ResultCallback<Event>> C events(C callback) {
        return client.eventsCmd().withEventTypeFilter(EventType.CONTAINER).exec(callback);
    }

    String host() {
        return settings.host().toString();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            // Nothing left to release.
        }
    }

    static String name(Container container) {
        String[] names = container.getNames();
        String name = names == null || names.length == 0 ? container.getId().substring(0, 12) : names[0];
        return name.startsWith("/") ? name.substring(1) : name;
    }

    /** The service a container is: its {@code devmentor.service} label, or its name, made a valid service name. */
    static String serviceName(Map<String, String> labels, String containerName) {
        String wanted = labels.getOrDefault(DockerSettings.SERVICE_LABEL, containerName).trim();
        String cleaned = NOT_A_SERVICE_NAME.matcher(wanted).replaceAll("-");
        if (cleaned.isEmpty() || !Character.isLetterOrDigit(cleaned.charAt(0))) {
            cleaned = "c" + cleaned;
        }
        return cleaned.length() > 128 ? cleaned.substring(0, 128) : cleaned;
    }
}
