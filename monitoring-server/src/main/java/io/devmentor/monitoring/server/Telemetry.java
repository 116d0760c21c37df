package io.devmentor.monitoring.server;

import io.devmentor.monitoring.core.ConfigurationException;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's OpenTelemetry: the SDK, configured by the standard {@code OTEL_*} variables, when
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}, or {@code OTEL_TRACES_EXPORTER})
 * asks for spans; none otherwise, and nothing is traced. Spans only: metrics stay with Prometheus ({@code /metrics}),
 * logs with the log files, unless the variables say otherwise. OTLP over HTTP ({@code http/protobuf}) only: the JDK's
 * HTTP client sends it, and no gRPC sender is included.
 */
final class Telemetry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Telemetry.class);
    private static final Map<String, String> DEFAULTS = Map.of(
            "otel.service.name", "devmentor-monitoring",
            "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none",
            "otel.exporter.otlp.protocol", "http/protobuf");

    private final OpenTelemetry openTelemetry;
    private final Optional<OpenTelemetrySdk> sdk;

    private Telemetry(OpenTelemetry openTelemetry, Optional<OpenTelemetrySdk> sdk) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
    }

    /**
     * The SDK when the settings ask for spans, else none.
     *
     * @param environment the server's settings (the process environment, or a test's)
     */
    static Telemetry from(Map<String, String> environment) {
        boolean wanted = environment.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
                || environment.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
                || !environment.getOrDefault("OTEL_TRACES_EXPORTER", "none").equals("none");
        if (!wanted) {
            return new Telemetry(OpenTelemetry.noop(), Optional.empty());
        }
        // The settings given to the server (as the OTEL_* variables' property names) over the defaults; the SDK puts
        // the process's own variables and system properties over both.
        Map<String, String> properties = new HashMap<>(DEFAULTS);
        environment.forEach((name, value) -> {
            if (name.startsWith("OTEL_")) {
                properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        OpenTelemetrySdk sdk;
        try {
            sdk = AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> properties).build()
                    .getOpenTelemetrySdk();
        } catch (RuntimeException e) {
            // Such as OTEL_EXPORTER_OTLP_PROTOCOL=grpc: the server sends OTLP over HTTP only.
            throw new ConfigurationException("the OTEL_* settings cannot be used: " + e.getMessage());
        }
        log.info("tracing: each check, restart and incident change is a span, exported by {} to {}",
                properties.getOrDefault("otel.traces.exporter", "otlp"),
                Optional.ofNullable(properties.get("otel.exporter.otlp.traces.endpoint"))
                        .or(() -> Optional.ofNullable(properties.get("otel.exporter.otlp.endpoint")))
                        .orElse("the default endpoint"));
        return new Telemetry(sdk, Optional.of(sdk));
    }

    OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** Exports what waits and stops, within 2 s: a collector that is away must not hold the server's stop. */
    @Override
    public void close() {
        sdk.ifPresent(s -> {
            if (!s.shutdown().join(2, TimeUnit.SECONDS).isSuccess()) {
                log.warn("tracing stopped without exporting every span (the collector did not answer within 2 s)");
            }
        });
    }
}
