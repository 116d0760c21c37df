package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
 * The dashboard in headless Chromium (Debian's chromium and chromedriver, driven by Selenium) against a real
 * server, through an on-call operator's tasks: find what is down and why, open its incident by its URL and
 * acknowledge it, read one service's last hour and an objective's budget, build, save, reload and reopen a
 * dashboard, watch a service recover live. Every view is checked by axe-core and shot to
 * {@code target/screenshots/} at 1440×900, then at 390×844, where none may scroll sideways. A missing browser
 * fails the test, as a missing PostgreSQL does.
 */
class DashboardBrowserTest {

    private static final String TOKEN = "token-for-the-dashboard";
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @TempDir
    Path dir;

    @Test
    void theDashboardShowsAnOutageLetsItBeAcknowledgedAndDrawsItsCharts() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (ServerHarness harness = new ServerHarness(dir, Map.of("MONITORING_API_TOKEN", TOKEN),
                List.of("conditions: ['[STATUS] == 200', '[RESPONSE_TIME] < 5000']", "sla: {availability: 99.9, latency: 300}"),
                List.of("refusing:", "  type: tcp", "  host: 127.0.0.1", "  port: " + closedPort, "  interval: 1000",
                        "web:", "  url: " + ServerHarness.TARGET_URL, "  interval: 200", "  retryAttempts: 0",
                        "  dependsOn: [auth]"))) {
            WebDriver browser = Chromium.start(dir.resolve("chromium"));
            try {
                String base = "http://127.0.0.1:" + harness.server.port();
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
                browser.get(base + "/#services");
                wait.until(b -> text(b, "#connection").equals("live"));
                wait.until(b -> text(b, "tr[data-service=auth] .status").equals("healthy"));
                wait.until(b -> text(b, "tr[data-service=auth] .why").startsWith("HTTP 200"));
                assertEquals(2, browser.findElements(By.cssSelector("tr[data-service=auth] .why li.passed")).size(),
                        "each condition shown as passed");
                screenshot(browser, "services");
                // A clean console: no failed request (a favicon's 404 was one), no warning about the token field.
                List<String> console = browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll()
                        .stream().map(e -> e.getLevel() + " " + e.getMessage()).toList();
                assertEquals(List.of(), console.stream().filter(m -> m.startsWith("SEVERE") || m.startsWith("WARNING")
                        || m.contains("password field")).toList(), "the console: " + console);

                // Problems first: the service the file lists last, refusing connections, heads the table, and says why.
                wait.until(b -> firstRow(b).equals("refusing"));
                assertTrue(text(browser, "tr[data-service=refusing] .why .reason").contains("refused"),
                        text(browser, "tr[data-service=refusing] .why .reason"));
                assertEquals("127.0.0.1:" + closedPort, text(browser, "tr[data-service=refusing] .target"));
                // Restart only where a controller can act: auth has a restartUrl, the TCP services nothing.
                assertTrue(browser.findElement(By.cssSelector("tr[data-service=auth] .restart")).isDisplayed());
                assertTrue(!browser.findElement(By.cssSelector("tr[data-service=cache] .restart")).isDisplayed());
                // A heartbeat bar of the last checks, and the uptime from the history.
                wait.until(b -> count(b, "tr[data-service=auth] .beats .beat.up") >= 5);
                assertEquals(0, count(browser, "tr[data-service=auth] .beats .beat.down"));
                wait.until(b -> text(b, "tr[data-service=auth] .uptime [data-window=day]").equals("100 %"));
                wait.until(b -> text(b, "tr[data-service=refusing] .uptime [data-window=day]").equals("0.00 %"));

                // Rows are updated in place: the focus stays on a control while checks go on arriving.
                org.openqa.selenium.WebElement restart = browser.findElement(By.cssSelector("tr[data-service=auth] .restart"));
                ((JavascriptExecutor) browser).executeScript("arguments[0].focus()", restart);
                for (int update = 0; update < 3; update++) {
                    String lastBeat = lastBeatTitle(browser);
                    wait.until(b -> !lastBeatTitle(b).equals(lastBeat));
                }
                assertEquals(restart, browser.switchTo().activeElement(), "the focused button is the same element, still focused");
                // Everything is reachable by keyboard: from the top, Tab reaches the navigation and the token field.
                ((JavascriptExecutor) browser).executeScript("document.activeElement.blur(); window.scrollTo(0, 0);");
                browser.findElement(By.cssSelector("header h1")).click(); // where sequential navigation starts
                List<String> reached = new java.util.ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    browser.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
                    reached.add(String.valueOf(((JavascriptExecutor) browser).executeScript(
                            "const e = document.activeElement; return e.id || e.textContent.trim();")));
                }
                assertTrue(reached.containsAll(List.of("Services", "Metrics", "Incidents", "token")), reached.toString());

                long failedAt = System.nanoTime();
                harness.targetStatus.set(503);
                new WebDriverWait(browser, Duration.ofSeconds(10))
                        .until(b -> text(b, "tr[data-service=auth] .status").equals("unhealthy"));
                long shownAfterMs = (System.nanoTime() - failedAt) / 1_000_000;
                System.out.println("auth shown down " + shownAfterMs + " ms after it began to fail");
                // The operator sees why: the failed condition, with the status it saw.
                wait.until(b -> text(b, "tr[data-service=auth] .why .reason")
                        .equals("condition failed: [STATUS] == 200 (was 503)"));
                assertEquals("✗ [STATUS] == 200 (503)", text(browser, "tr[data-service=auth] .why li.failed"));
                screenshot(browser, "services-down");

                // auth's outage, opened by its URL (auth may have an objective's incident too).
                String outageId = "";
                for (JsonNode open : harness.getJson("/api/incidents?status=open&service=auth").path("incidents")) {
                    if (open.path("cause").asText().equals("down")) {
                        outageId = open.path("id").asText();
                    }
                }
                assertTrue(!outageId.isEmpty(), "auth's outage has an incident");
                String incidentUrl = base + "/#incidents/" + outageId;
                browser.get(incidentUrl);
                wait.until(b -> text(b, "#incident-detail h3").startsWith("auth: auth is down"));
                browser.findElement(By.id("token")).sendKeys(TOKEN);
                browser.findElement(By.id("incident-note")).sendKeys("looking at it");
                click(wait, By.id("acknowledge"));
                new WebDriverWait(browser, Duration.ofSeconds(20))
                        .withMessage(() -> "acknowledged; the page said: " + text(browser, "#message"))
                        .until(b -> text(b, "#incident-status").equals("acknowledged"));
                // The actions follow the state: acknowledged, it can be resolved but not acknowledged again.
                assertTrue(!browser.findElement(By.id("acknowledge")).isEnabled());
                assertTrue(browser.findElement(By.id("resolve")).isEnabled());
                assertTrue(text(browser, "#incident-detail p").contains("open for"), text(browser, "#incident-detail p"));
                // The incident has a URL of its own: opened afresh, the page shows it.
                browser.get(base + "/#services");
                browser.get(incidentUrl);
                wait.until(b -> text(b, "#incident-status").equals("acknowledged"));
                screenshot(browser, "incidents");
                JsonNode incident = harness.getJson("/api/incidents/" + outageId);
                assertEquals("acknowledged", incident.path("status").asText());
                boolean byDashboard = false;
                for (JsonNode entry : incident.path("timeline")) {
                    byDashboard |= entry.path("actor").asText().equals("dashboard");
                }
                assertTrue(byDashboard, "acknowledged from the page: " + incident);
                // The page sends its tab's session with the change: the audit says where it came from.
                JsonNode audited = harness.getJson("/api/audit?correlationId=" + incident.path("correlationId")
                        .asText()).path("events").get(0);
                assertEquals("dashboard", audited.path("metadata").path("userId").asText(), audited.toString());
                assertTrue(audited.path("metadata").path("sessionId").asText().startsWith("dashboard-"),
                        audited.toString());
                // The open detail follows changes made elsewhere: resolved through the API, it says so at once.
                HttpResponse<String> resolved = harness.client.send(java.net.http.HttpRequest.newBuilder(
                        harness.uri("/api/incidents/" + incident.path("id").asText() + "/resolve"))
                        .header("Authorization", "Bearer " + TOKEN).POST(java.net.http.HttpRequest.BodyPublishers
                                .ofString("{\"note\":\"fixed elsewhere\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, resolved.statusCode(), resolved.body());
                wait.until(b -> text(b, "#incident-status").equals("resolved"));
                assertTrue(!browser.findElement(By.id("resolve")).isEnabled(), "a resolved incident cannot be resolved");
                assertTrue(text(browser, "#incident-detail p").contains("lasted"), text(browser, "#incident-detail p"));
                // The cause is a link: web depends on auth, and its incident leads to auth's.
                By webIncident = By.xpath("//ul[@id='incidents']//li[@data-incident-id][.//strong='web']//a");
                click(wait, webIncident);
                wait.until(b -> text(b, "#incident-cause").startsWith("caused by auth: auth is down"));
                String causeLink = browser.findElement(By.cssSelector("#incident-cause a")).getAttribute("href");
                click(wait, By.cssSelector("#incident-cause a"));
                wait.until(b -> b.getCurrentUrl().equals(causeLink));
                wait.until(b -> text(b, "#incident-detail h3").startsWith("auth:"));
                // Repeats of one service's trouble are one row, with how many times.
                for (int i = 0; i < 2; i++) {
                    HttpResponse<String> opened = harness.client.send(java.net.http.HttpRequest.newBuilder(
                            harness.uri("/api/incidents")).header("Authorization", "Bearer " + TOKEN)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"service\":\"cache\","
                                    + "\"description\":\"evictions\",\"severity\":\"low\"}")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(201, opened.statusCode(), opened.body());
                }
                wait.until(b -> text(b, "#incidents li.repeats[data-service=cache] summary").contains("2 times"));

                // A service's own page: from its row, with why, its history, its neighbours and its incidents.
                browser.get(base + "/#services");
                wait.until(b -> !b.findElements(By.cssSelector("tr[data-service=auth] a.service-name")).isEmpty());
                browser.findElement(By.cssSelector("tr[data-service=auth] a.service-name")).click();
                wait.until(b -> text(b, "#service-title").equals("auth"));
                assertTrue(browser.getCurrentUrl().endsWith("#service/auth"));
                wait.until(b -> text(b, "#service-why").startsWith("condition failed: [STATUS] == 200 (was 503)"));
                wait.until(b -> b.findElements(By.cssSelector("#service-charts .chart canvas")).size() == 2);
                assertEquals("auth response time (ms)", text(browser, "#service-charts .chart h4"));
                wait.until(b -> !b.findElements(By.cssSelector("#service-incidents li[data-incident-id]")).isEmpty());
                assertEquals("depends on: none", text(browser, "#service-depends-on"));
                assertEquals("availability ≥ 99.9 %", text(browser, "#service-sla tr[data-objective=availability] td:nth-child(2)"));
                screenshot(browser, "service");

                browser.get(base + "/#metrics");
                wait.until(b -> b.findElements(By.cssSelector("#charts .chart canvas")).size() >= 2);
                long before = cpuPoints(browser);
                wait.until(b -> cpuPoints(b) > before); // live points from systemMetrics
                // Readable titles with units, and values in those units on the axis.
                assertEquals("CPU usage (%)", text(browser, "[data-chart='system.cpu.usage.percent'] h4"));
                wait.until(b -> !b.findElements(By.cssSelector("[data-chart='service.response.time{service=auth}']")).isEmpty());
                assertEquals("auth response time (ms)", text(browser, "[data-chart='service.response.time{service=auth}'] h4"));
                assertTrue(text(browser, "[data-chart='system.cpu.usage.percent'] .u-legend").contains("time"),
                        "a legend that shows the time and value under the cursor");
                // Hovering the newest point shows its time and value by the cursor.
                org.openqa.selenium.WebElement cpu = browser.findElement(By.cssSelector(
                        "[data-chart='system.cpu.usage.percent'] .u-over"));
                int half = cpu.getSize().getWidth() / 2;
                new org.openqa.selenium.interactions.Actions(browser).moveToElement(cpu, half - 2, 0).perform();
                wait.until(b -> text(b, "[data-chart='system.cpu.usage.percent'] .tip").endsWith(" %"));
                // Dragging across zooms in; a double click zooms out again.
                double span = xRange(browser, "system.cpu.usage.percent");
                new org.openqa.selenium.interactions.Actions(browser).moveToElement(cpu, -half + 20, 0).clickAndHold()
                        .moveByOffset(120, 0).release().perform();
                wait.until(b -> xRange(b, "system.cpu.usage.percent") < span / 2);
                new org.openqa.selenium.interactions.Actions(browser).doubleClick(cpu).perform();
                wait.until(b -> xRange(b, "system.cpu.usage.percent") >= span * 0.9);
                // An absolute range: the charts span exactly the two times chosen.
                ((JavascriptExecutor) browser).executeScript("const pad = (n) => String(n).padStart(2, '0');"
                        + " const local = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T`"
                        + " + `${pad(d.getHours())}:${pad(d.getMinutes())}`;"
                        + " const now = new Date(); document.querySelector('#range').value = 'custom';"
                        + " document.querySelector('#range-from').value = local(new Date(now - 3 * 3600e3));"
                        + " document.querySelector('#range-to').value = local(new Date(now - 3600e3));"
                        + " document.querySelector('#range').dispatchEvent(new Event('change'));");
                wait.until(b -> Math.abs(xRange(b, "system.cpu.usage.percent") - 7200) <= 120);
                assertTrue(browser.findElement(By.id("range-from")).isDisplayed());
                screenshot(browser, "metrics");

                browser.get(base + "/#insights");
                wait.until(b -> !b.findElements(By.cssSelector("#root-causes li[data-incident-id]")).isEmpty());
                assertTrue(text(browser, "#root-causes").contains("auth"));
                assertTrue(text(browser, "#root-causes").contains("auth: auth is down"),
                        "a card names its incident: " + text(browser, "#root-causes"));
                screenshot(browser, "insights");

                browser.get(base + "/#dashboards");
                wait.until(b -> b.findElements(By.cssSelector("#dashboard-select option")).size() >= 1);
                // A misspelt target is refused, not drawn as empty axes.
                browser.findElement(By.cssSelector("#panel-form input[name=target]")).sendKeys("system.cpu.usage.prcent");
                browser.findElement(By.cssSelector("#panel-form button[type=submit]")).click();
                wait.until(b -> text(b, "#message").contains("no series 'system.cpu.usage.prcent'"));
                assertEquals(0, count(browser, "#panels .chart"));
                browser.findElement(By.cssSelector("#panel-form input[name=target]")).clear();
                browser.findElement(By.cssSelector("#panel-form input[name=target]")).sendKeys("system.cpu.usage.percent");
                browser.findElement(By.cssSelector("#panel-form button[type=submit]")).click();
                wait.until(b -> b.findElements(By.cssSelector("#panels .chart")).size() == 1);
                // A name is needed, of the characters a name may have, said as such.
                browser.findElement(By.id("dashboard-save")).click();
                wait.until(b -> text(b, "#message").equals("give the dashboard a name first"));
                browser.findElement(By.id("dashboard-name")).sendKeys("my board");
                browser.findElement(By.id("dashboard-save")).click();
                wait.until(b -> text(b, "#message").startsWith("'my board' cannot be a dashboard's name"));
                browser.findElement(By.id("dashboard-name")).clear();
                browser.findElement(By.id("dashboard-name")).sendKeys("operations");
                browser.findElement(By.id("dashboard-save")).click();
                wait.until(b -> text(b, "#message").contains("saved"));
                JsonNode saved = harness.getJson("/api/dashboards/operations");
                assertEquals("system.cpu.usage.percent", saved.path("panels").get(0).path("target").asText());
                // Reopened after a reload, from its URL; a panel edited in place.
                wait.until(b -> b.getCurrentUrl().endsWith("#dashboards/operations"));
                browser.navigate().refresh();
                wait.until(b -> ((JavascriptExecutor) b).executeScript(
                        "return document.querySelector('#dashboard-select').value").equals("operations"));
                wait.until(b -> b.findElements(By.cssSelector("#panels .chart")).size() == 1);
                click(wait, By.cssSelector("#panels .chart .edit"));
                browser.findElement(By.cssSelector("#panel-form input[name=title]")).sendKeys("Processors");
                browser.findElement(By.cssSelector("#panel-form button[type=submit]")).click();
                wait.until(b -> text(b, "#panels .chart h4").equals("Processors"));
                assertEquals(1, count(browser, "#panels .chart"), "the panel was replaced, not added");
                screenshot(browser, "dashboards");

                // The operator watches auth recover, live: its row turns healthy and its bar gains an up beat.
                browser.get(base + "/#services");
                wait.until(b -> text(b, "tr[data-service=auth] .status").equals("unhealthy"));
                harness.targetStatus.set(200);
                wait.until(b -> text(b, "tr[data-service=auth] .status").equals("healthy"));
                wait.until(b -> b.findElements(By.cssSelector("tr[data-service=auth] .beats .beat")).stream()
                        .reduce((first, second) -> second).map(e -> e.getAttribute("class")).orElse("").equals("beat up"));
                screenshot(browser, "services-recovered");

                // On a phone, no view scrolls sideways.
                browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
                for (String view : List.of("services", "metrics", "incidents", "insights", "dashboards")) {
                    browser.get(base + "/#" + view);
                    wait.until(b -> ((JavascriptExecutor) b).executeScript(
                            "return document.querySelector('#view-" + view + "').offsetHeight > 100").equals(true));
                    if (view.equals("metrics")) {
                        wait.until(b -> b.findElements(By.cssSelector("#charts .chart canvas")).size() >= 2);
                    }
                    screenshot(browser, "phone-" + view);
                    Object overflow = ((JavascriptExecutor) browser).executeScript(
                            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
                    assertEquals(0L, ((Number) overflow).longValue(), view + " scrolls sideways on a phone: "
                            + ((JavascriptExecutor) browser).executeScript("const w = document.documentElement.clientWidth;"
                            + " return [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > w)"
                            + ".slice(0, 5).map((e) => e.tagName + '.' + e.className + '#' + e.id).join(' ');"));
                }
            } finally {
                browser.quit();
            }
        }
    }

    /** Clicks an element of a list that live updates redraw: found again if it was redrawn under the click. */
    private static void click(WebDriverWait wait, By element) {
        wait.until(b -> {
            try {
                b.findElement(element).click();
                return true;
            } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
                return false;
            }
        });
    }

    private static String firstRow(WebDriver browser) {
        return String.valueOf(((JavascriptExecutor) browser).executeScript(
                "const r = document.querySelector('#services tbody tr'); return r ? r.dataset.service : '';"));
    }

    private static int count(WebDriver browser, String selector) {
        return browser.findElements(By.cssSelector(selector)).size();
    }

    private static String lastBeatTitle(WebDriver browser) {
        return String.valueOf(((JavascriptExecutor) browser).executeScript(
                "const b = document.querySelectorAll('tr[data-service=auth] .beats .beat');"
                        + " return b.length ? b[b.length - 1].title : '';"));
    }

    /** The seconds a chart's time axis spans now. */
    private static double xRange(WebDriver browser, String chart) {
        return ((Number) ((JavascriptExecutor) browser).executeScript("const x = window.dashboard.charts[arguments[0]]"
                + ".scales.x; return x.max - x.min;", chart)).doubleValue();
    }

    private static long cpuPoints(WebDriver browser) {
        Object points = ((JavascriptExecutor) browser).executeScript(
                "const c = window.dashboard.charts['system.cpu.usage.percent']; return c ? c.data[0].length : 0;");
        return ((Number) points).longValue();
    }

    /** An element's text, read in the page: the live views redraw their rows, so handles go stale. */
    private static String text(WebDriver browser, String selector) {
        Object text = ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : '';", selector);
        return String.valueOf(text);
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        // Each view shown is also checked for accessibility as it is, by axe-core.
        assertEquals(List.of(), Axe.violations(browser), name + ": accessibility");
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
