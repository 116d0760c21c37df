package io.devmentor.monitoring.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.EventMetadata;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.MonitoringEvent;
import io.devmentor.monitoring.api.Prediction;
import io.devmentor.monitoring.api.SharedServiceState;
import io.devmentor.monitoring.api.Severity;
import io.devmentor.monitoring.api.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one form of incidents and events, and the stored forms of this version and the one before. */
class WireFormatTest {

    private static final Instant AT = Instant.parse("2026-12-01T10:15:30.123456Z");
    private final WireFormat wire = new WireFormat();
    private final ObjectMapper json = new ObjectMapper();

    private static Incident incident() {
        return new Incident("i-1", "auth", "auth is down: HTTP 503", IncidentSeverity.HIGH,
                IncidentStatus.ACKNOWLEDGED, "down", AT, AT.plusSeconds(60), Optional.empty(), Optional.of("c-1"),
                Optional.of("i-0"), true, false, List.of(
                        new TimelineEntry(AT, "engine", "opened", "auth is down", Map.of("attempts", 2)),
                        new TimelineEntry(AT.plusSeconds(60), "alice", "acknowledged", "on it", Map.of())));
    }

    private static MonitoringEvent event() {
        return new MonitoringEvent("e-1", "service.down", "auth", AT, Severity.ERROR,
                Map.of("status", "DOWN", "attempts", 2),
                new EventMetadata(Optional.of("c-1"), Optional.of("alice"), Optional.empty(), List.of("payments"), 3));
    }

    @Test
    void anIncidentIsWrittenInTheSeedsWordsAndStoredWithItsVersion() throws Exception {
        JsonNode form = wire.incident(incident());
        assertEquals("high", form.get("severity").asText());
        assertEquals("acknowledged", form.get("status").asText());
        assertTrue(form.get("resolvedAt").isNull(), "a missing optional value is null");
        assertEquals("on it", form.get("timeline").get(1).get("message").asText());
        assertTrue(!form.has("format"), "the API's form has no version");

        String stored = wire.storedIncident(incident());
        com.fasterxml.jackson.databind.node.ObjectNode storedForm = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(stored);
        assertEquals(WireFormat.VERSION, storedForm.get("format").asInt());
        assertEquals(1, wire.version(stored));
        com.fasterxml.jackson.databind.node.ObjectNode withoutVersion = storedForm.deepCopy();
        withoutVersion.remove("format");
        assertEquals(form, withoutVersion, "the stored form is the API's, with its version");
        assertEquals(incident(), wire.readIncident(stored));
    }

    @Test
    void readsAnIncidentAsTheVersionBeforeStoredIt() {
        // The PostgreSQL outbox's form before versions: enumerations by their Java names, no format.
        String before = "{\"id\":\"i-1\",\"service\":\"auth\",\"description\":\"auth is down: HTTP 503\","
                + "\"severity\":\"HIGH\",\"status\":\"ACKNOWLEDGED\",\"cause\":\"down\","
                + "\"createdAt\":\"2026-12-01T10:15:30.123456Z\",\"updatedAt\":\"2026-12-01T10:16:30.123456Z\","
                + "\"resolvedAt\":null,\"correlationId\":\"c-1\",\"causedBy\":\"i-0\",\"flapping\":true,"
                + "\"maintenance\":false,\"timeline\":[{\"at\":\"2026-12-01T10:15:30.123456Z\",\"actor\":\"engine\","
                + "\"kind\":\"opened\",\"message\":\"auth is down\",\"data\":{\"attempts\":2}},"
                + "{\"at\":\"2026-12-01T10:16:30.123456Z\",\"actor\":\"alice\",\"kind\":\"acknowledged\","
                + "\"message\":\"on it\",\"data\":{}}]}";
        assertEquals(0, wire.version(before));
        assertEquals(incident(), wire.readIncident(before));
    }

    @Test
    void readsWhatALaterVersionAddsPastIt() throws Exception {
        JsonNode later = json.readTree(wire.storedIncident(incident()));
        ((com.fasterxml.jackson.databind.node.ObjectNode) later).put("format", 2).put("runbook", "restart it");
        assertEquals(incident(), wire.readIncident(later.toString()));
    }

    @Test
    void anEventIsStreamedWithItsVersionAndReadInTheFormBefore() throws Exception {
        JsonNode form = wire.event(event());
        assertEquals("error", form.get("severity").asText(), "the seed's word, as the API answers");
        assertEquals("alice", form.get("metadata").get("userId").asText());
        assertTrue(!form.get("metadata").has("sessionId"), "an absent id is left out of the metadata");
        String streamed = wire.streamedEvent(event());
        assertEquals(WireFormat.VERSION, json.readTree(streamed).get("format").asInt());
        assertEquals(event(), wire.readEvent(streamed));

        // The Redis stream's form before versions: the severity by its Java name.
        String before = "{\"id\":\"e-1\",\"type\":\"service.down\",\"source\":\"auth\","
                + "\"timestamp\":\"2026-12-01T10:15:30.123456Z\",\"severity\":\"ERROR\","
                + "\"data\":{\"status\":\"DOWN\",\"attempts\":2},\"metadata\":{\"correlationId\":\"c-1\","
                + "\"userId\":\"alice\",\"tags\":[\"payments\"],\"count\":3}}";
        assertEquals(event(), wire.readEvent(before));
    }

    @Test
    void aPredictionIsWrittenOnceForTheApiAndForItsEvents() {
        Prediction prediction = new Prediction("db", "capacity_planning", IncidentSeverity.MEDIUM, "disk full in 2 h",
                "grow the volume", 0.87654, Map.of("series", "system.disk.used"), Optional.of(Duration.ofHours(2)), AT);
        JsonNode form = wire.prediction(prediction);
        assertEquals("medium", form.get("severity").asText());
        assertEquals(0.88, form.get("confidence").asDouble());
        assertEquals(7200, form.get("horizonSeconds").asLong());
        assertEquals("system.disk.used", form.get("evidence").get("series").asText());
        Map<String, Object> data = wire.data(wire.prediction(prediction));
        assertEquals(0.88, data.get("confidence"));
        assertEquals("2026-12-01T10:15:30.123456Z", data.get("generatedAt"));
        assertEquals(List.of("service", "type", "severity", "message", "suggestion", "confidence", "evidence",
                "horizonSeconds", "generatedAt"), List.copyOf(data.keySet()), "the seed's fields first");
    }

    @Test
    void aSharedStateIsVersionedAndCarriesTheOutageWhileAResultSharedAloneIsReadAsTheStateItImplies() throws Exception {
        CheckResult result = new CheckResult(HealthStatus.DOWN, AT, Duration.ofMillis(3),
                "connection refused", Map.of("statusCode", 503));
        SharedServiceState state = new SharedServiceState(result, HealthStatus.DOWN, AT.minusSeconds(60), 4,
                Optional.of("c0ffee"), Map.of("errorRate", AT.minusSeconds(30)));
        String shared = wire.sharedState(state);
        JsonNode form = json.readTree(shared);
        assertEquals(WireFormat.VERSION, form.get("format").asInt());
        assertEquals("down", form.get("status").asText());
        assertEquals("c0ffee", form.path("state").path("correlationId").asText());
        assertEquals(state, wire.readSharedState(shared));

        CheckResult degraded = new CheckResult(HealthStatus.DEGRADED, AT, Duration.ofMillis(1503),
                "responded in 1503 ms, limit 800 ms", Map.of("statusCode", 200));
        String before = "{\"status\":\"DEGRADED\",\"checkedAt\":\"2026-12-01T10:15:30.123456Z\","
                + "\"latencyNanos\":1503000000,\"message\":\"responded in 1503 ms, limit 800 ms\","
                + "\"details\":{\"statusCode\":200}}";
        SharedServiceState implied = wire.readSharedState(before);
        assertEquals(degraded, implied.lastResult());
        assertEquals(HealthStatus.DEGRADED, implied.status());
        assertEquals(AT, implied.since());
        assertEquals(Optional.empty(), implied.correlationId());
    }

    @Test
    void everyEnumerationWithAWireNameIsWrittenInItAndReadInAnyCase() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = wire.mapper();
        assertEquals("\"down\"", mapper.writeValueAsString(HealthStatus.DOWN));
        assertEquals("[\"critical\",\"resolved\",\"warning\"]", mapper.writeValueAsString(
                List.of(IncidentSeverity.CRITICAL, IncidentStatus.RESOLVED, Severity.WARNING)));
        assertEquals(HealthStatus.DEGRADED, mapper.readValue("\"DEGRADED\"", HealthStatus.class));
        assertEquals(HealthStatus.DEGRADED, mapper.readValue("\"degraded\"", HealthStatus.class));
    }

    @Test
    void aDataMapIsWrittenAndReadWithoutItsNullValues() {
        assertEquals("{\"attempts\":2,\"reason\":\"HTTP 503\"}",
                wire.dataText(new java.util.TreeMap<>(Map.of("attempts", 2, "reason", "HTTP 503"))));
        assertEquals(Map.of("attempts", 2), wire.readData("{\"attempts\":2,\"gone\":null}"));
        assertThrows(IllegalArgumentException.class, () -> wire.readData("[1]"));
    }

    @Test
    void aFormWithoutAFieldIsRefusedNamingIt() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> wire.readIncident("{\"id\":\"i-1\",\"timeline\":[]}"));
        assertTrue(missing.getMessage().contains("service"), missing.getMessage());
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class, () -> wire.readEvent("{"));
        assertTrue(notJson.getMessage().startsWith("not an event"), notJson.getMessage());
        assertThrows(IllegalArgumentException.class, () -> wire.readEvent("[1]"));
    }
}
