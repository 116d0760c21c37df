package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without MONITORING_API_TOKEN, changes are refused with a message that says how to enable them. */
class NoTokenTest {

    @TempDir
    Path dir;

    @Test
    void mutatingRoutesAreRefusedAndSayHowToSetAToken() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of())) {
            HttpResponse<String> response = harness.client.send(HttpRequest.newBuilder(harness.uri("/api/incidents"))
                    .header("Authorization", "Bearer anything")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"service\":\"a\",\"description\":\"b\",\"severity\":\"low\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, response.statusCode());
            assertTrue(harness.json.readTree(response.body()).get("error").asText()
                    .contains("set MONITORING_API_TOKEN to a secret and send it as 'Authorization: Bearer <token>'"));
            assertEquals(200, harness.get("/api/incidents").statusCode(), "reading needs no token");
        }
    }
}
