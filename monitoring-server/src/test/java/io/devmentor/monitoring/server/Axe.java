package io.devmentor.monitoring.server;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * axe-core, the accessibility engine (from npm), run in a page as it is: the WCAG 2 A and AA rules, contrast
 * among them. What it finds, one line a rule broken.
 */
final class Axe {

    private Axe() {
    }

    static List<String> violations(WebDriver browser) throws Exception {
        String axe = Files.readString(SocketIoClientTest.installNodeClient().resolve("node_modules/axe-core/axe.min.js"));
        JavascriptExecutor page = (JavascriptExecutor) browser;
        page.executeScript(axe);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        Object found = page.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                + ".then((r) => done(r.passes.length === 0 ? ['axe checked nothing']"
                + " : r.violations.map((v) => v.id + ' (' + v.impact + '): ' + v.help + ' at '"
                + " + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '))))"
                + ".catch((e) => done(['axe failed: ' + e]));");
        return ((List<?>) found).stream().map(String::valueOf).toList();
    }
}
