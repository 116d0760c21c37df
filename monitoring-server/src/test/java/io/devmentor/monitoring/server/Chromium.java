package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Path;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium, driven by Selenium through Debian's chromedriver, for the browser tests. A missing
 * browser fails the test, as a missing PostgreSQL does.
 */
final class Chromium {

    private Chromium() {
    }

    /** A new browser with its profile in the directory given, at a desktop's window size. */
    static WebDriver start(Path profile) {
        File chromium = new File("/usr/bin/chromium");
        File chromedriver = new File("/usr/bin/chromedriver");
        if (!chromium.canExecute() || !chromedriver.canExecute()) {
            fail("Chromium is not installed: apt-get install chromium chromium-driver (.ci/run does)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1440,900", "--user-data-dir=" + profile);
        // The console's messages, every level, for the tests to read: a 404 or a DOM warning is a defect too.
        org.openqa.selenium.logging.LoggingPreferences logs = new org.openqa.selenium.logging.LoggingPreferences();
        logs.enable(org.openqa.selenium.logging.LogType.BROWSER, java.util.logging.Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver)
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
