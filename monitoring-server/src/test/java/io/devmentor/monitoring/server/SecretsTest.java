package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.devmentor.monitoring.tck.Await;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Webhook URLs, passwords and the API token appear in no answer, no metric and no log line. */
class SecretsTest {

    private static final String TOKEN = "tok-NEVER-SHOWN-1";
    private static final String SLACK = "http://127.0.0.1:9/services/T000/B000/NEVER-SHOWN-2";
    private static final String PASSWORD = "NEVER-SHOWN-3";

    @TempDir
    Path dir;

    @Test
    void secretsStaySecret() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        ch.qos.logback.classic.Level before = root.getLevel();
        root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        Map<String, String> env = new java.util.HashMap<>();
        env.put("MONITORING_API_TOKEN", TOKEN);
        env.put("ALERT_SLACK_ENABLED", "true");
        env.put("SLACK_WEBHOOK_URL", SLACK);
        env.put("ALERT_EMAIL_ENABLED", "true");
        env.put("SMTP_HOST", "127.0.0.1");
        env.put("SMTP_PORT", "9");
        env.put("SMTP_USER", "ops");
        env.put("SMTP_PASSWORD", PASSWORD);
        env.put("ALERT_EMAIL_FROM", "a@example.test");
        env.put("ALERT_EMAIL_TO", "b@example.test");
        env.put("MONITORING_WEBHOOK_URL", "http://127.0.0.1:9/hook?key=NEVER-SHOWN-4");
        try (ServerHarness harness = new ServerHarness(dir, env)) {
            HttpResponse<String> created = harness.client.send(HttpRequest.newBuilder(harness.uri("/api/incidents"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"service\":\"auth\",\"description\":\"page everyone\",\"severity\":\"critical\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode());
            // The channels are unreachable (port 9): the failures are logged and kept, without the secrets.
            Await.until(Duration.ofSeconds(20), "the failed attempts recorded", () -> {
                try {
                    return harness.get("/api/notifications").body().contains("lastError");
                } catch (Exception e) {
                    return false;
                }
            });
            Thread.sleep(1500);
            List<String> answers = List.of(harness.get("/metrics").body(), harness.get("/api/plugins").body(),
                    harness.get("/api/services").body(), harness.get("/api/notifications").body(),
                    harness.get("/api/incidents").body(), harness.get("/api/events?limit=1000").body());
            for (String answer : answers) {
                assertNoSecret(answer);
            }
            assertTrue(answers.get(1).contains("\"name\":\"slack\""), "the Slack channel is active");
        } finally {
            root.detachAppender(logs);
            root.setLevel(before);
        }
        assertFalse(logs.list.isEmpty());
        for (ILoggingEvent event : logs.list) {
            assertNoSecret(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                assertNoSecret(event.getThrowableProxy().getMessage());
            }
        }
    }

    private static void assertNoSecret(String text) {
        if (text == null) {
            return;
        }
        assertFalse(text.contains("NEVER-SHOWN"), "a secret leaked into: " + text);
    }
}
