package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.tck.Await;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server with the standard OpenTelemetry variables set exports a span of each check by OTLP/HTTP to a collector
 * (here a plain HTTP server that decodes what it receives with the official OTLP protobuf classes), and the HTTP
 * target receives the W3C {@code traceparent} of that span.
 */
class OpenTelemetryTest {

    @TempDir
    Path dir;

    @Test
    void eachCheckIsAnExportedSpanWithTheSeedsAttributesAndTheTargetReceivesItsTraceparent() throws Exception {
        ConcurrentLinkedQueue<Span> exported = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> resourceNames = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> traceparents = new ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicInteger status = new java.util.concurrent.atomic.AtomicInteger(200);
        HttpServer collector = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        collector.createContext("/v1/traces", exchange -> {
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(exchange.getRequestBody());
            for (ResourceSpans resource : request.getResourceSpansList()) {
                resource.getResource().getAttributesList().stream().filter(a -> a.getKey().equals("service.name"))
                        .forEach(a -> resourceNames.add(a.getValue().getStringValue()));
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    exported.addAll(scope.getSpansList());
                }
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        target.createContext("/health", exchange -> {
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            if (traceparent != null) {
                traceparents.add(traceparent);
            }
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        target.start();
        String url = "http://127.0.0.1:" + target.getAddress().getPort();
        Files.writeString(dir.resolve("monitoring.yml"), String.join("\n", "services:", "  checkout:",
                "    url: " + url, "    interval: 200", ""));
        MonitoringServer server = MonitoringServer.start(MonitoringConfiguration.fromEnvironment(Map.of(
                "PORT", "0", "MONITORING_DATA_DIR", dir.resolve("data").toString(),
                "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort(),
                "OTEL_BSP_SCHEDULE_DELAY", "100"), dir), "127.0.0.1");
        try {
            Await.until(Duration.ofSeconds(20), "a check's span exported", () -> exported.stream()
                    .anyMatch(span -> span.getName().equals("check checkout")));
            Span check = exported.stream().filter(span -> span.getName().equals("check checkout")).findFirst()
                    .orElseThrow();
            Map<String, String> attributes = strings(check.getAttributesList());
            assertEquals("checkout", attributes.get("service.name"));
            assertEquals("http", attributes.get("check.type"));
            assertEquals(url + "/health", attributes.get("check.target"));
            assertEquals("up", attributes.get("check.status"));
            assertEquals(Span.SpanKind.SPAN_KIND_CLIENT, check.getKind());
            assertTrue(check.getEndTimeUnixNano() >= check.getStartTimeUnixNano());
            assertTrue(resourceNames.contains("devmentor-monitoring"), "the default service name: " + resourceNames);

            // The target saw the span's context: version 00, its trace id, its span id, and flags with "sampled" set.
            String expected = "00-" + HexFormat.of().formatHex(check.getTraceId().toByteArray()) + "-"
                    + HexFormat.of().formatHex(check.getSpanId().toByteArray()) + "-";
            String seen = traceparents.stream().filter(t -> t.startsWith(expected)).findFirst().orElseThrow(() ->
                    new AssertionError(expected + "… among " + List.copyOf(traceparents)));
            assertEquals(1, Integer.parseInt(seen.substring(expected.length()), 16) & 1, "sampled: " + seen);
            assertFalse(exported.stream().filter(span -> span.getName().equals("check checkout"))
                    .anyMatch(span -> !span.getParentSpanId().isEmpty()), "a check is a trace of its own");

            // An outage's incident is a span too, and the failed check's span says why.
            status.set(503);
            Await.until(Duration.ofSeconds(20), "the incident's span exported", () -> exported.stream()
                    .anyMatch(span -> span.getName().equals("incident.created")
                            && "checkout".equals(strings(span.getAttributesList()).get("service.name"))));
            assertTrue(exported.stream().anyMatch(span -> span.getName().equals("check checkout")
                    && span.getStatus().getCode() == io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR
                    && "down".equals(strings(span.getAttributesList()).get("check.status"))), "a failed check's span");
        } finally {
            server.close();
            collector.stop(0);
            target.stop(0);
        }
    }

    private static Map<String, String> strings(List<KeyValue> attributes) {
        Map<String, String> values = new java.util.HashMap<>();
        for (KeyValue attribute : attributes) {
            values.put(attribute.getKey(), attribute.getValue().hasStringValue() ? attribute.getValue().getStringValue()
                    : String.valueOf(attribute.getValue().getIntValue()));
        }
        return values;
    }

    @Test
    void withoutTheVariablesNothingIsTracedAndAProtocolThatCannotBeSentStopsTheStartSayingSo() {
        assertEquals(io.opentelemetry.api.OpenTelemetry.noop(), Telemetry.from(Map.of()).openTelemetry());
        io.devmentor.monitoring.core.ConfigurationException refused = org.junit.jupiter.api.Assertions.assertThrows(
                io.devmentor.monitoring.core.ConfigurationException.class, () -> Telemetry.from(Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")));
        assertTrue(refused.getMessage().contains("OTEL_"), refused.getMessage());
    }
}
