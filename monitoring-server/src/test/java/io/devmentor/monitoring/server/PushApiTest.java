package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.devmentor.monitoring.tck.Await;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push monitor fed as a cron job feeds it, by {@code curl}, and then left silent: up while it reports with its
 * own token, down once it falls silent past its period and grace; a wrong token, another service's kind or a
 * bad status are refused with the API's JSON errors.
 */
class PushApiTest {

    private static final String PUSH_TOKEN = "curl-push-token-0123";

    @TempDir
    Path dir;

    @Test
    void aJobReportsByCurlAndIsDownOnceItFallsSilent() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of("NIGHTLY_PUSH_TOKEN", PUSH_TOKEN), List.of(),
                List.of("nightly:", "  type: push", "  interval: 200", "  retryAttempts: 0",
                        "  settings: {token: '${NIGHTLY_PUSH_TOKEN}', period: 1500, grace: 500}"))) {
            String push = "http://127.0.0.1:" + harness.server.port() + "/api/push/nightly";
            Curl accepted = curl("-X", "POST", push + "?status=up&msg=backup%20done&ping=12&token=" + PUSH_TOKEN);
            assertEquals(202, accepted.status(), accepted.body());
            JsonNode answer = harness.json.readTree(accepted.body());
            assertEquals("nightly", answer.get("service").asText());
            assertEquals("up", answer.get("status").asText());
            Await.until(Duration.ofSeconds(5), "nightly up", () -> status(harness).equals("healthy"));
            assertTrue(service(harness).path("lastCheck").path("message").asText().endsWith(": backup done"));

            Curl bearer = curl("-X", "POST", "-H", "Authorization: Bearer " + PUSH_TOKEN, push);
            assertEquals(202, bearer.status(), bearer.body());

            Curl wrong = curl("-X", "POST", push + "?token=guess");
            assertEquals(401, wrong.status());
            assertEquals("wrong push token for 'nightly'", harness.json.readTree(wrong.body()).get("error").asText());
            Curl none = curl("-X", "POST", push);
            assertEquals(401, none.status());
            Curl badStatus = curl("-X", "POST", push + "?status=maybe&token=" + PUSH_TOKEN);
            assertEquals(400, badStatus.status());
            assertTrue(badStatus.body().contains("status must be one of down, up"), badStatus.body());
            Curl notPush = curl("-X", "POST", "http://127.0.0.1:" + harness.server.port() + "/api/push/auth?token=x");
            assertEquals(409, notPush.status());
            assertTrue(notPush.body().contains("is not a push monitor"), notPush.body());
            assertEquals(404, curl("-X", "POST", "http://127.0.0.1:" + harness.server.port()
                    + "/api/push/nobody?token=x").status());

            // Left silent: down once the period and its grace have passed.
            Await.until(Duration.ofSeconds(10), "nightly down after its silence",
                    () -> status(harness).equals("unhealthy"));
            assertTrue(service(harness).path("lastCheck").path("message").asText().startsWith("no push for "),
                    service(harness).toString());
            assertTrue(harness.getJson("/api/events?pattern=service.down").path("events").toString()
                    .contains("nightly"));
        }
    }

    private record Curl(int status, String body) {
    }

    /** Runs curl as a cron job would, and returns the status and body of its answer. */
    private static Curl curl(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-w", "\n%{http_code}", "--max-time", "10"));
        command.addAll(List.of(arguments));
        Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(curl.waitFor(15, TimeUnit.SECONDS), "curl " + command);
        int newline = out.lastIndexOf('\n');
        return new Curl(Integer.parseInt(out.substring(newline + 1).trim()), out.substring(0, Math.max(newline, 0)));
    }

    private static JsonNode service(ServerHarness harness) {
        try {
            return harness.getJson("/api/services/nightly");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String status(ServerHarness harness) {
        return service(harness).path("status").asText();
    }
}
