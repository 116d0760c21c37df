package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.tck.Await;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Restarts over REST and WebSocket, through the built-in HTTP controller, behind the API token. */
class RestartTest {

    private static final String TOKEN = "restart-token";
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    private HttpResponse<String> restart(ServerHarness harness, String service, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(harness.uri("/api/services/" + service + "/restart"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return harness.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void restRestartNeedsTheTokenAndAController() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of("MONITORING_API_TOKEN", TOKEN))) {
            assertEquals(401, restart(harness, "auth", null).statusCode());
            assertEquals(401, restart(harness, "auth", "wrong").statusCode());
            assertEquals(0, harness.restarts.get(), "nothing restarted without the token");

            HttpResponse<String> accepted = restart(harness, "auth", TOKEN);
            assertEquals(202, accepted.statusCode(), accepted.body());
            JsonNode body = json.readTree(accepted.body());
            assertEquals("Service restart initiated", body.get("message").asText());
            assertEquals("auth", body.get("service").asText());
            Await.until(Duration.ofSeconds(5), "the restart endpoint called", () -> harness.restarts.get() == 1);

            HttpResponse<String> noController = restart(harness, "cache", TOKEN);
            assertEquals(409, noController.statusCode());
            assertTrue(json.readTree(noController.body()).get("error").asText()
                    .contains("no service controller can restart 'cache'"));
            assertEquals(404, restart(harness, "nobody", TOKEN).statusCode());
        }
    }

    @Test
    void webSocketRestartAnswersServiceRestartedOnlyWithTheToken() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of("MONITORING_API_TOKEN", TOKEN))) {
            WsClient client = WsClient.connect(harness.server.port());
            client.send("{\"event\":\"restartService\",\"data\":\"auth\"}");
            assertTrue(client.next("error").get("data").get("message").asText()
                    .contains("restartService auth: the API token is needed"));
            client.send("{\"event\":\"restartService\",\"data\":{\"service\":\"auth\",\"token\":\"nope\"}}");
            assertTrue(client.next("error").get("data").get("message").asText().contains("not valid"));
            assertEquals(0, harness.restarts.get());

            client.send("{\"event\":\"restartService\",\"data\":{\"service\":\"auth\",\"token\":\"" + TOKEN + "\"}}");
            JsonNode restarted = client.next("serviceRestarted").get("data");
            assertEquals("auth", restarted.get("service").asText());
            assertTrue(restarted.get("success").asBoolean());
            // The single token's holder, from this connection: the event's metadata says so too.
            assertEquals("api", restarted.get("actor").asText());
            assertEquals(1, harness.restarts.get());
            JsonNode audited = harness.getJson("/api/audit?pattern=service.restarted").get("events").get(0);
            assertEquals("api", audited.get("metadata").get("userId").asText());
            assertFalse(audited.get("metadata").path("sessionId").asText("").isEmpty(), "the connection's id");
        }
    }
}
