package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.core.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server's own settings: the seed's defaults, bad values named, the token never shown. */
class ServerSettingsTest {

    @Test
    void theDefaultsAreTheSeeds() {
        assertEquals(new ServerSettings(3006, "production", "http://localhost:3001", Map.of(), 9090,
                Duration.ofSeconds(15)), ServerSettings.fromEnvironment(Map.of()));
    }

    @Test
    void theEnvironmentSetsThem() {
        ServerSettings settings = ServerSettings.fromEnvironment(Map.of("PORT", "8080", "NODE_ENV", "staging",
                "FRONTEND_URL", "https://ops.example", "MONITORING_API_TOKEN", "tok-123456", "PROMETHEUS_PORT", "9091",
                "PROMETHEUS_SCRAPE_INTERVAL", "500ms"));
        assertEquals(new ServerSettings(8080, "staging", "https://ops.example", Map.of("api", "tok-123456"), 9091,
                Duration.ofMillis(500)), settings);
        assertFalse(settings.toString().contains("tok-123456"), settings.toString());
        assertTrue(settings.toString().contains("apiTokens=[api] (***)"), settings.toString());
        assertEquals(Duration.ofMinutes(1),
                ServerSettings.fromEnvironment(Map.of("PROMETHEUS_SCRAPE_INTERVAL", "1m")).prometheusScrapeInterval());
    }

    @Test
    void tokensAreNamedAndTheSingleOneIsCalledApi() {
        ServerSettings settings = ServerSettings.fromEnvironment(Map.of("MONITORING_API_TOKENS",
                "alice:s3cret-a, ci:s3cret-ci", "MONITORING_API_TOKEN", "shared-1"));
        assertEquals(java.util.List.of("alice", "ci", "api"), java.util.List.copyOf(settings.apiTokens().keySet()));
        assertEquals("s3cret-ci", settings.apiTokens().get("ci"));
        assertFalse(settings.toString().contains("s3cret"), settings.toString());
        ApiTokens tokens = new ApiTokens(settings.apiTokens());
        assertEquals("alice", tokens.checkHeader("Bearer s3cret-a"));
        assertEquals("ci", tokens.check("s3cret-ci"));
        assertEquals("api", tokens.check("shared-1"));
        HttpProblem wrong = assertThrows(HttpProblem.class, () -> tokens.check("s3cret-b"));
        assertEquals(401, wrong.status());
        assertFalse(wrong.message().contains("s3cret"), wrong.message());
    }

    @Test
    void badTokenListsAreNamedWithoutTheirSecrets() {
        assertBad(Map.of("MONITORING_API_TOKENS", "alice"), "MONITORING_API_TOKENS: entry 1 must be name:secret");
        assertBad(Map.of("MONITORING_API_TOKENS", "alice:a1,bob:"), "MONITORING_API_TOKENS: entry 2 must be");
        assertBad(Map.of("MONITORING_API_TOKENS", "a lice:x1"), "entry 1 must be name:secret");
        assertBad(Map.of("MONITORING_API_TOKENS", "alice:x1,alice:x2"), "the name 'alice' is given twice");
        assertBad(Map.of("MONITORING_API_TOKENS", "alice:same,bob:same"), "the token of 'bob' is another name's");
        assertBad(Map.of("MONITORING_API_TOKENS", "alice:same", "MONITORING_API_TOKEN", "same"),
                "MONITORING_API_TOKEN is also in MONITORING_API_TOKENS");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ServerSettings.fromEnvironment(
                Map.of("MONITORING_API_TOKENS", "alice:hunter2,bob:hunter2")));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void hostIsTheAddressListenedOnAndMustBeThisMachines() {
        assertEquals("0.0.0.0", ServerSettings.bindAddress(Map.of()));
        assertEquals("127.0.0.1", ServerSettings.bindAddress(Map.of("HOST", "127.0.0.1")));
        ConfigurationException elsewhere = assertThrows(ConfigurationException.class,
                () -> ServerSettings.bindAddress(Map.of("HOST", "192.0.2.10")));
        assertEquals("HOST must be an address of this machine, was '192.0.2.10'", elsewhere.getMessage());
    }

    @Test
    void badValuesAreNamed() {
        assertBad(Map.of("PORT", "x"), "PORT must be a whole number, was 'x'");
        assertBad(Map.of("PORT", "70000"), "PORT must be 0–65535");
        assertBad(Map.of("PROMETHEUS_PORT", "-1"), "PROMETHEUS_PORT must be 0–65535");
        assertBad(Map.of("PROMETHEUS_SCRAPE_INTERVAL", "soon"), "PROMETHEUS_SCRAPE_INTERVAL must be a duration");
    }

    private static void assertBad(Map<String, String> env, String expected) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> ServerSettings.fromEnvironment(env));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }
}
