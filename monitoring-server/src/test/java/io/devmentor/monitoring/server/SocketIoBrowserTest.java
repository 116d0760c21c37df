package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Socket.IO client in a real browser (headless Chromium), on a page of another origin, as a front end at
 * {@code FRONTEND_URL} uses it: it connects by long-polling across origins (CORS), upgrades to WebSocket and gets
 * {@code initialState}; from an origin that is not {@code FRONTEND_URL} it is refused.
 */
class SocketIoBrowserTest {

    private static final String PAGE = """
            <!doctype html><html><body><pre id="log"></pre>
            <script src="socket.io.min.js"></script>
            <script>
            const log = (t) => document.getElementById('log').textContent += t + "\\n";
            const socket = io(new URLSearchParams(location.search).get('server'));
            socket.io.on("open", () => {
              log("open " + socket.io.engine.transport.name);
              socket.io.engine.on("upgrade", (t) => log("upgraded " + t.name));
            });
            socket.on("connect", () => log("connected " + socket.io.engine.transport.name));
            socket.on("connect_error", (e) => log("connect_error " + e.message));
            socket.on("initialState", (s) => log("initialState " + Object.keys(s).join(",")));
            </script></body></html>
            """;

    @TempDir
    Path dir;

    @Test
    void aPageAtTheFrontendUrlConnectsPollsUpgradesAndAForeignOneIsRefused() throws Exception {
        byte[] script = Files.readAllBytes(SocketIoClientTest.installNodeClient()
                .resolve("node_modules/socket.io-client/dist/socket.io.min.js"));
        HttpServer pages = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        pages.createContext("/", exchange -> {
            boolean js = exchange.getRequestURI().getPath().endsWith(".js");
            byte[] body = js ? script : PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", js ? "text/javascript" : "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pages.start();
        String frontend = "http://127.0.0.1:" + pages.getAddress().getPort();
        WebDriver browser = Chromium.start(dir.resolve("chromium"));
        try {
            try (ServerHarness harness = new ServerHarness(Files.createDirectories(dir.resolve("allowed")), Map.of("FRONTEND_URL", frontend))) {
                browser.get(frontend + "/?server=http://127.0.0.1:" + harness.server.port());
                new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> log(b).contains("upgraded websocket")
                        && log(b).contains("initialState services,system,incidents,predictions"));
                // The connection opens on long-polling, as the default client's does, and then upgrades; whether
                // the namespace's connect or the upgrade comes first is a race.
                assertTrue(log(browser).startsWith("open polling"), log(browser));
                assertTrue(log(browser).contains("connected "), log(browser));
            }
            try (ServerHarness harness = new ServerHarness(Files.createDirectories(dir.resolve("refused")),
                    Map.of("FRONTEND_URL", "http://dashboard.example:3001"))) {
                browser.get(frontend + "/?server=http://127.0.0.1:" + harness.server.port());
                new WebDriverWait(browser, Duration.ofSeconds(20)).until(b -> log(b).contains("connect_error"));
                assertTrue(!log(browser).contains("initialState"), log(browser));
            }
        } finally {
            browser.quit();
            pages.stop(0);
        }
    }

    private static String log(WebDriver browser) {
        return browser.findElement(By.id("log")).getText();
    }
}
