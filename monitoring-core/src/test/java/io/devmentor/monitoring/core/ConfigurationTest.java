package io.devmentor.monitoring.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.Thresholds;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The environment variables and the services file. */
class ConfigurationTest {

    @TempDir
    Path dir;

    private static final String SEED_SHAPED = String.join("\n",
            "services:",
            "  auth:",
            "    port: 3002",
            "    healthEndpoint: /health",
            "    timeout: 2000",
            "    retryAttempts: 3",
            "    criticalService: true",
            "  web:",
            "    url: http://127.0.0.1:8080",
            "    interval: 5000",
            "    dependsOn: [auth]",
            "    expect:",
            "      status: [200, 204]",
            "      jsonField: {path: status, equals: ok}",
            "      maxResponseTime: 300",
            "    thresholds: {errorRate: 0.1}",
            "  cache:",
            "    type: tcp",
            "    host: 127.0.0.1",
            "    port: 6379",
            "thresholds:",
            "  cpu: 70",
            "  memory: 90",
            "  errorRate: 0.05",
            "  responseTime: 2000",
            "");

    private MonitoringConfiguration load(String file, Map<String, String> env) throws IOException {
        Files.writeString(dir.resolve("monitoring.yml"), file);
        return MonitoringConfiguration.fromEnvironment(env, dir);
    }

    @Test
    void theDefaultsAreTheSeeds() {
        MonitoringConfiguration config = MonitoringConfiguration.fromEnvironment(Map.of(), dir);
        assertEquals(Duration.ofSeconds(10), config.healthCheckInterval());
        assertEquals(Duration.ofSeconds(5), config.metricsCollectionInterval());
        assertEquals(Duration.ofMinutes(5), config.predictiveMaintenanceInterval());
        assertEquals(Duration.ofSeconds(15), config.slaEvaluationInterval());
        assertTrue(config.enablePredictions());
        assertEquals(0.8, config.predictionThreshold());
        assertEquals(Optional.of(dir.resolve("data")), config.dataDirectory(), "a server keeps its data in ./data");
        assertEquals(Thresholds.DEFAULTS, config.thresholds());
        assertTrue(config.services().isEmpty());
        assertTrue(config.configFile().isEmpty());
    }

    @Test
    void readsTheSeedShapedServicesFileFoundInTheWorkingDirectory() throws IOException {
        MonitoringConfiguration config = load(SEED_SHAPED, Map.of("HEALTH_CHECK_INTERVAL", "15000"));
        assertEquals(3, config.services().size());
        ServiceDefinition auth = config.services().get(0);
        assertEquals("auth", auth.name());
        assertEquals(URI.create("http://localhost:3002/health"), auth.healthUri().orElseThrow());
        assertTrue(auth.critical());
        assertEquals(Duration.ofSeconds(15), auth.interval(), "HEALTH_CHECK_INTERVAL is the default interval");
        ServiceDefinition web = config.services().get(1);
        assertEquals(Duration.ofSeconds(5), web.interval());
        assertTrue(web.expect().accepts(204));
        assertFalse(web.expect().accepts(201));
        assertEquals("ok", web.expect().jsonField().orElseThrow().equals());
        assertEquals(Duration.ofMillis(300), web.expect().maxResponseTime().orElseThrow());
        assertEquals(0.1, web.thresholds().orElseThrow().errorRate());
        assertEquals(70, web.thresholds().orElseThrow().cpuPercent(), "unset per-service thresholds inherit the file's");
        assertEquals("tcp", config.services().get(2).kind());
        assertEquals(70, config.thresholds().cpuPercent());
    }

    @Test
    void jsonIsReadToo() throws IOException {
        MonitoringConfiguration config = load("{\"services\": {\"auth\": {\"port\": 3002}}}", Map.of());
        assertEquals("auth", config.services().get(0).name());
    }

    @Test
    void everyErrorNamesTheFieldAndTheProblem() throws IOException {
        assertProblem("services:\n  auth:\n    port: 3002\n    timeout: -5\n",
                "services.auth.timeout: must be a positive number of milliseconds, was -5");
        assertProblem("services:\n  auth:\n    port: 3002\n    tmeout: 5\n",
                "services.auth.tmeout: unknown field");
        assertProblem("services:\n  auth:\n    port: \"abc\"\n", "services.auth.port: must be a whole number");
        assertProblem("services:\n  auth:\n    port: 70000\n", "services.auth: port must be 0–65535, was 70000");
        assertProblem("services:\n  auth:\n    healthEndpoint: /h\n", "services.auth: needs a url, or a host and a port");
        assertProblem("services:\n  web:\n    port: 1\n    dependsOn: [db]\n", "services.web.dependsOn: unknown service 'db'");
        assertProblem("services:\n  a:\n    port: 1\n    dependsOn: [b]\n  b:\n    port: 2\n    dependsOn: [a]\n",
                "dependency cycle a -> b -> a");
        assertProblem("thresholds:\n  cpu: 150\n", "thresholds: cpu must be between 0.0 and 100.0, was 150.0");
        assertProblem("services: [1, 2]\n", "services: must be a map");
        assertProblem("services:\n  auth: {port: 1\n", "not valid YAML or JSON");
        assertProblem("servces: {}\n", "servces: unknown field");
        assertProblem("services:\n  web:\n    url: not a url\n", "services.web.url");
        assertProblem("services:\n  web:\n    port: 1\n    sla:\n      availability: 100\n",
                "services.web.sla: availability must be a percentage between 0 and 100");
        assertProblem("services:\n  web:\n    port: 1\n    sla:\n      latency: -5\n", "services.web.sla.latency");
        assertProblem("services:\n  web:\n    port: 1\n    sla: {}\n", "objectives need an availability, a latency or both");
        assertProblem("services:\n  web:\n    port: 1\n    sla:\n      uptime: 99\n", "services.web.sla.uptime: unknown field");
    }

    @Test
    void aGroupOfSettingsBecomesDottedNames() throws IOException {
        MonitoringConfiguration config = load("services:\n  api:\n    url: http://127.0.0.1:1/health\n"
                + "    settings:\n      method: POST\n      headers: {X-Api-Key: '${API_KEY}', Accept: text/plain}\n"
                + "      basicAuth: {user: ops, password: '${OPS_PASSWORD}'}\n", Map.of());
        Map<String, String> settings = config.services().get(0).settings();
        assertEquals("POST", settings.get("method"));
        assertEquals("${API_KEY}", settings.get("headers.X-Api-Key"), "secrets stay names until a check");
        assertEquals("text/plain", settings.get("headers.Accept"));
        assertEquals("ops", settings.get("basicAuth.user"));
        assertProblem("services:\n  api:\n    port: 1\n    settings:\n      headers: {X-A: [1, 2]}\n",
                "services.api.settings.headers.X-A: must be a plain value");
        assertProblem("services:\n  api:\n    port: 1\n    settings:\n      headers: [1, 2]\n",
                "services.api.settings.headers: must be a plain value or a group of them");
        MonitoringConfiguration judged = load("services:\n  api:\n    url: http://127.0.0.1:1/health\n"
                + "    conditions: ['[STATUS] == 200', '[BODY].checks.db == ok']\n", Map.of());
        assertEquals(List.of("[STATUS] == 200", "[BODY].checks.db == ok"),
                judged.services().get(0).expect().conditions());
        MonitoringConfiguration bad = load("services:\n  api:\n    port: 1\n"
                + "    conditions: ['[STATUS] == 200', '[CODE] == 1']\n", Map.of());
        ConfigurationException refused = assertThrows(ConfigurationException.class,
                () -> Monitoring.builder().configuration(bad).build());
        assertTrue(refused.getMessage().startsWith("services.api.conditions[1]: '[CODE] == 1': unknown placeholder"),
                refused.getMessage());
    }

    private void assertProblem(String file, String expected) throws IOException {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> load(file, Map.of()));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void badEnvironmentVariablesAreNamed() {
        assertEnv(Map.of("HEALTH_CHECK_INTERVAL", "0"), "HEALTH_CHECK_INTERVAL must be a positive number of milliseconds");
        assertEnv(Map.of("ENABLE_PREDICTIONS", "maybe"), "ENABLE_PREDICTIONS must be true or false");
        assertEnv(Map.of("SLA_EVALUATION_INTERVAL", "50"), "SLA_EVALUATION_INTERVAL must be 100 ms at least, was 50");
        assertEnv(Map.of("SLA_EVALUATION_INTERVAL", "soon"), "SLA_EVALUATION_INTERVAL must be a whole number");
        assertEnv(Map.of("PREDICTION_THRESHOLD", "2"), "PREDICTION_THRESHOLD must be between 0 and 1");
        assertEnv(Map.of("MONITORING_CONFIG", "missing.yml"), "MONITORING_CONFIG: no such file");
    }

    private void assertEnv(Map<String, String> env, String expected) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> MonitoringConfiguration.fromEnvironment(env, dir));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void secretsNeverAppearInItsText() {
        MonitoringConfiguration config = MonitoringConfiguration.fromEnvironment(Map.of(
                "SLACK_WEBHOOK_URL", "https://hooks.example/T000/B000/secretpart",
                "DATABASE_URL", "postgresql://user:hunter2@localhost:5432/monitoring"), dir);
        String text = config.toString();
        assertFalse(text.contains("secretpart"), text);
        assertFalse(text.contains("hunter2"), text);
        assertTrue(text.contains("postgresql://user:***@localhost:5432/monitoring"), text);
    }
}
