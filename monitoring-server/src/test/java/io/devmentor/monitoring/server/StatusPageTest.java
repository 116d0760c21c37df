package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.devmentor.monitoring.core.ConfigurationException;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The public status page, in headless Chromium with no token: the services the services file names, in its groups,
 * with their status and 90 days of uptime; an outage shows with its incident; nothing internal (no target, no
 * check message, no description) reaches the page or its JSON.
 */
class StatusPageTest {

    private static final List<String> STATUS_PAGE = List.of(
            "statusPage:",
            "  title: Example status",
            "  groups:",
            "    - name: Sign-in",
            "      services: [auth]",
            "    - name: Storage",
            "      services: [cache]");

    @TempDir
    Path dir;

    @Test
    void thePublicPageShowsTheChosenServicesAnOutageAndNothingInternal() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of("MONITORING_API_TOKEN", "a-token"), List.of(),
                List.of(), STATUS_PAGE)) {
            String port = Integer.toString(harness.target.getAddress().getPort());
            WebDriver browser = Chromium.start(dir.resolve("chromium"));
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                browser.get("http://127.0.0.1:" + harness.server.port() + "/status");
                wait.until(b -> text(b, "#overall").equals("All systems operational"));
                assertEquals("Example status", browser.getTitle());
                assertEquals(List.of("Sign-in", "Storage"), browser.findElements(By.cssSelector(".group h2")).stream()
                        .map(e -> e.getText()).toList());
                assertEquals(List.of("auth", "cache"), browser.findElements(By.cssSelector("li.service")).stream()
                        .map(e -> e.getAttribute("data-service")).toList(), "monitoring is not on the page");
                assertEquals(90, browser.findElements(By.cssSelector("li[data-service=auth] .day")).size());
                wait.until(b -> b.findElements(By.cssSelector("li[data-service=auth] .day")).get(89)
                        .getAttribute("class").equals("day up"));
                assertEquals("day none", browser.findElements(By.cssSelector("li[data-service=auth] .day")).get(0)
                        .getAttribute("class"), "89 days ago nothing was checked");
                assertTrue(browser.findElements(By.cssSelector("li[data-service=auth] .day")).get(89)
                        .getAttribute("title").startsWith(LocalDate.now(ZoneOffset.UTC) + ": 100 %"));

                // Maintenance ahead shows, with its reason.
                java.time.Instant start = java.time.Instant.now().plus(Duration.ofHours(1)).truncatedTo(
                        java.time.temporal.ChronoUnit.SECONDS);
                HttpResponse<String> scheduled = harness.client.send(java.net.http.HttpRequest.newBuilder(
                        harness.uri("/api/maintenance")).header("Authorization", "Bearer a-token")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"services\":[\"cache\"],"
                                + "\"start\":\"" + start + "\",\"end\":\"" + start.plus(Duration.ofHours(1))
                                + "\",\"reason\":\"storage upgrade\"}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(201, scheduled.statusCode(), scheduled.body());
                wait.until(b -> {
                    b.navigate().refresh();
                    return text(b, "#maintenance").startsWith("cache") && text(b, "#maintenance").endsWith("storage upgrade");
                });

                harness.targetStatus.set(503);
                wait.until(b -> {
                    b.navigate().refresh();
                    return text(b, "#overall").equals("Some systems down");
                });
                wait.until(b -> {
                    b.navigate().refresh();
                    return !b.findElements(By.cssSelector("#incidents li[data-service=auth]")).isEmpty();
                });
                assertEquals("Outage", text(browser, "li[data-service=auth] .state"));
                assertTrue(text(browser, "#incidents").contains("auth — investigating"), text(browser, "#incidents"));
                Files.createDirectories(Path.of("target", "screenshots"));
                Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                        Path.of("target", "screenshots", "status-page.png"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                assertEquals(List.of(), Axe.violations(browser), "the status page's accessibility");
                String page = browser.getPageSource();
                for (String internal : List.of(port, "127.0.0.1", "503", "condition", "HTTP")) {
                    assertFalse(page.contains(internal), "the page shows '" + internal + "'");
                }
            } finally {
                browser.quit();
            }
            HttpResponse<String> json = harness.get("/api/status");
            assertEquals(200, json.statusCode());
            for (String internal : List.of(port, "description", "message", "timeline", "url", "target")) {
                assertFalse(json.body().contains(internal), "/api/status tells '" + internal + "': " + json.body());
            }
            JsonNode status = harness.json.readTree(json.body());
            assertEquals("outage", status.path("status").asText());
            assertEquals(90, status.path("groups").get(0).path("services").get(0).path("days").size());
        }
    }

    @Test
    void withoutASectionThereIsNoStatusPage() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of())) {
            HttpResponse<String> answer = harness.get("/api/status");
            assertEquals(404, answer.statusCode());
            assertEquals("no status page: add a statusPage section to the services file",
                    harness.json.readTree(answer.body()).path("error").asText());
        }
    }

    @Test
    void aSectionThatNamesAnUnknownServiceOrFieldStopsTheStart() throws Exception {
        Path file = dir.resolve("monitoring.yml");
        Files.writeString(file, String.join("\n", "services:", "  auth:", "    url: http://127.0.0.1:9",
                "statusPage:", "  groups:", "    - name: All", "      services: [auth, billing]", ""));
        MonitoringConfiguration configuration = MonitoringConfiguration.fromEnvironment(
                Map.of("MONITORING_CONFIG", file.toString()), dir);
        ConfigurationException unknown = assertThrows(ConfigurationException.class,
                () -> StatusPage.read(configuration));
        assertEquals(file + ": statusPage.groups[0].services: no service named 'billing' in the services file",
                unknown.getMessage());

        Files.writeString(file, String.join("\n", "services:", "  auth:", "    url: http://127.0.0.1:9",
                "statusPage:", "  titel: Status", "  groups:", "    - name: All", "      services: [auth]", ""));
        ConfigurationException typo = assertThrows(ConfigurationException.class, () -> StatusPage.read(
                MonitoringConfiguration.fromEnvironment(Map.of("MONITORING_CONFIG", file.toString()), dir)));
        assertEquals(file + ": statusPage.titel: unknown (known: title, groups)", typo.getMessage());
    }

    private static String text(WebDriver browser, String selector) {
        Object text = ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : '';", selector);
        return String.valueOf(text);
    }
}
