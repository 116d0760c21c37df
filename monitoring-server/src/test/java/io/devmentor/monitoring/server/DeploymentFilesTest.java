package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.tck.Await;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment files, checked by the tools that know their formats: promtool for the rules and the
 * Grafana queries, a YAML reader for the manifests and the compose file, and the server's own /metrics for
 * the metric names they use.
 */
class DeploymentFilesTest {

    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final Path README = Path.of("..", "README.md");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "offset", "bool", "and", "or", "unless", "le", "inf", "nan");
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void promtoolChecksAndUnitTestsTheAlertingRules() throws Exception {
        assertEquals(0, promtool("check", "rules", DEPLOY.resolve("prometheus/alerts.yml").toString()));
        assertEquals(0, promtool("test", "rules", DEPLOY.resolve("prometheus/alerts_test.yml").toString()));
    }

    @Test
    void theGrafanaQueriesParseAndTheRulesAndQueriesUseOnlyExportedMetrics() throws Exception {
        JsonNode dashboard = json.readTree(DEPLOY.resolve("grafana/devmentor-monitoring.json").toFile());
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queries.add(target.get("expr").asText());
            }
        }
        assertTrue(queries.size() >= 15, "panels for services, system, incidents and the API");
        StringBuilder rules = new StringBuilder("groups:\n  - name: grafana\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            rules.append("      - record: grafana:query_").append(i).append("\n        expr: ")
                    .append(json.writeValueAsString(queries.get(i))).append('\n');
        }
        Path file = Files.writeString(dir.resolve("grafana-queries.yml"), rules);
        assertEquals(0, promtool("check", "rules", file.toString()), "every dashboard query parses");

        List<String> expressions = new ArrayList<>(queries);
        JsonNode alerting = yaml.readTree(DEPLOY.resolve("prometheus/alerts.yml").toFile());
        for (JsonNode group : alerting.get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                expressions.add(rule.get("expr").asText());
            }
        }
        Set<String> used = new LinkedHashSet<>();
        expressions.forEach(expression -> used.addAll(metricNames(expression)));
        used.remove("up"); // Prometheus' own, per target
        String scrape = scrape();
        for (String name : used) {
            assertTrue(Pattern.compile("(?m)^" + Pattern.quote(name) + "[ {]").matcher(scrape).find(),
                    "the server does not export " + name);
        }
        assertTrue(used.containsAll(List.of("service_health_status", "system_cpu_usage_percent",
                "monitoring_incidents_active", "http_request_duration_seconds_bucket")), used.toString());
    }

    /** The metric names of a PromQL expression: identifiers that are not functions, keywords or labels. */
    static Set<String> metricNames(String expression) {
        String stripped = expression.replaceAll("\"[^\"]*\"", "")
                .replaceAll("\\{[^}]*}", "")
                .replaceAll("\\[[^]]*]", "")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", "");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(\\()?").matcher(stripped);
        while (m.find()) {
            if (m.group(2) == null && !PROMQL_WORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private String scrape() throws Exception {
        try (ServerHarness harness = new ServerHarness(dir, Map.of())) {
            // Network rates need two collection rounds.
            Await.until(Duration.ofSeconds(15), "checks and two rounds of system metrics", () ->
                    harness.server.monitoring().systemMetrics().map(m -> m.network().rxBytesPerSecond() >= 0)
                            .orElse(false) && harness.server.monitoring().services()
                            .stream().allMatch(s -> s.status() == HealthStatus.UP));
            harness.get("/health");
            return harness.get("/metrics").body();
        }
    }

    @Test
    void theKubernetesManifestsAreSafeAndMeanWhatTheySay() throws Exception {
        List<JsonNode> documents = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY.resolve("kubernetes"))) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).toList();
        }
        for (Path file : files) {
            String text = Files.readString(file);
            assertFalse(text.contains("docker.sock"), file + " mounts the Docker socket");
            assertFalse(text.contains("hostPath"), file + " uses a hostPath volume");
            try (MappingIterator<JsonNode> docs = yaml.readerFor(JsonNode.class).readValues(text)) {
                docs.forEachRemaining(documents::add);
            }
        }
        JsonNode deployment = documents.stream().filter(d -> d.path("kind").asText().equals("Deployment")
                && d.path("spec").has("selector")).findFirst().orElseThrow();
        JsonNode pod = deployment.at("/spec/template/spec");
        assertTrue(pod.at("/securityContext/runAsNonRoot").asBoolean());
        JsonNode container = pod.get("containers").get(0);
        assertEquals(3006, container.at("/ports/0/containerPort").asInt());
        assertEquals("http", container.at("/ports/0/name").asText());
        Map<String, String> probes = Map.of("startupProbe", "/health/started", "readinessProbe", "/health/ready",
                "livenessProbe", "/health/live");
        probes.forEach((probe, path) -> {
            assertEquals(path, container.at("/" + probe + "/httpGet/path").asText(), probe);
            assertEquals("http", container.at("/" + probe + "/httpGet/port").asText(), probe);
        });
        for (String kind : List.of("requests", "limits")) {
            assertTrue(container.at("/resources/" + kind).has("cpu") && container.at("/resources/" + kind).has("memory"));
        }
        JsonNode security = container.get("securityContext");
        assertFalse(security.path("privileged").asBoolean());
        assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true));
        assertTrue(security.path("readOnlyRootFilesystem").asBoolean());
        JsonNode service = documents.stream().filter(d -> d.path("kind").asText().equals("Service")
                && d.path("spec").has("selector")).findFirst().orElseThrow();
        assertEquals(3006, service.at("/spec/ports/0/port").asInt());
        JsonNode sticky = yaml.readTree(Files.readString(DEPLOY.resolve("kubernetes/several-replicas/service.yaml")));
        assertEquals("ClientIP", sticky.at("/spec/sessionAffinity").asText(),
                "several replicas keep a long-polling client on one pod");
        assertTrue(Files.readString(DEPLOY.resolve("kubernetes/several-replicas/kustomization.yaml"))
                .contains("path: service.yaml"), "the overlay applies the sticky Service");

        Set<String> variables = new LinkedHashSet<>();
        documents.forEach(d -> d.findValues("env").forEach(env -> env.forEach(e -> variables.add(e.get("name").asText()))));
        documents.stream().filter(d -> d.path("kind").asText().equals("Secret"))
                .forEach(d -> d.path("stringData").fieldNames().forEachRemaining(variables::add));
        assertDocumented(variables);
    }

    @Test
    void theComposeFileKeepsTheDockerSocketBehindAReadOnlyProxy() throws Exception {
        JsonNode compose = yaml.readTree(Path.of("..", "docker-compose.yml").toFile());
        JsonNode services = compose.get("services");
        assertTrue(services.has("postgres") && services.has("redis") && services.has("docker-proxy"));
        // The seed's name: its README starts it with docker-compose up -d monitoring-service.
        JsonNode monitoring = services.get("monitoring-service");
        assertEquals("3006:3006", monitoring.get("ports").get(0).asText());
        services.properties().forEach(entry -> {
            assertFalse(entry.getValue().path("privileged").asBoolean(), entry.getKey() + " is privileged");
            for (JsonNode volume : entry.getValue().path("volumes")) {
                if (volume.asText().contains("docker.sock")) {
                    assertEquals("docker-proxy", entry.getKey(), "only the proxy sees the socket");
                    assertTrue(volume.asText().endsWith(":ro"), "read-only");
                }
            }
        });
        assertEquals("0", services.get("docker-proxy").get("environment").get("EXEC").asText(), "no exec");
        Set<String> variables = new LinkedHashSet<>();
        monitoring.get("environment").fieldNames().forEachRemaining(variables::add);
        assertDocumented(variables);
    }

    @Test
    void theBomManagesEveryPublishedArtifactAtTheBuildsVersionAndNothingElse() throws Exception {
        String parent = Files.readString(Path.of("..", "pom.xml"));
        String bom = Files.readString(Path.of("..", "monitoring-bom", "pom.xml"));
        String version = between(parent.substring(parent.indexOf("<artifactId>monitoring-parent</artifactId>")),
                "<version>", "</version>");
        assertEquals(version, between(bom.substring(bom.indexOf("<artifactId>monitoring-bom</artifactId>")),
                "<version>", "</version>"), "the BOM's own version");
        java.util.regex.Matcher managed = java.util.regex.Pattern.compile("<groupId>([^<]+)</groupId>\\s*"
                + "<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(between(bom, "<dependencyManagement>", "</dependencyManagement>"));
        Set<String> artifacts = new java.util.TreeSet<>();
        while (managed.find()) {
            assertEquals("io.devmentor.monitoring", managed.group(1), "only this project's artifacts");
            assertEquals(version, managed.group(3), managed.group(2));
            artifacts.add(managed.group(2));
        }
        // Every module the build publishes: all but the parent, the BOM, the examples and the benchmarks.
        Set<String> published = new java.util.TreeSet<>();
        java.util.regex.Matcher module = java.util.regex.Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        while (module.find()) {
            String name = module.group(1);
            if (!name.startsWith("examples/") && !name.equals("benchmarks") && !name.equals("monitoring-bom")) {
                published.add(name);
            }
        }
        assertEquals(published, artifacts);
        assertTrue(bom.indexOf("<parent>") < 0, "no parent: its dependency management would come along");
        assertTrue(Files.readString(Path.of("..", "LICENSE")).contains("Apache License"), "LICENSE");
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start) + start.length();
        return text.substring(from, text.indexOf(end, from));
    }

    @Test
    void theDockerfileRunsAsAnUnprivilegedUserWithAHealthCheck() throws Exception {
        String dockerfile = Files.readString(Path.of("..", "Dockerfile"));
        assertTrue(dockerfile.contains("FROM eclipse-temurin:17-jre"), "a slim Java 17 runtime");
        assertTrue(dockerfile.contains("AS build"), "multi-stage");
        assertTrue(dockerfile.contains("\nUSER 10001"), "non-root");
        assertTrue(dockerfile.contains("\nEXPOSE 3006"));
        assertTrue(dockerfile.contains("\nHEALTHCHECK "));
        assertTrue(dockerfile.contains("VOLUME [\"/var/lib/devmentor/data\"]"));
    }

    private static void assertDocumented(Set<String> variables) throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        for (String variable : variables) {
            assertTrue(readme.contains("`" + variable + "`"), variable + " is not documented in the README");
        }
    }

    private static int promtool(String... args) throws Exception {
        String promtool = null;
        for (String path : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator, -1)) {
            if (new File(path, "promtool").canExecute()) {
                promtool = new File(path, "promtool").getPath();
                break;
            }
        }
        if (promtool == null) {
            throw new AssertionError("promtool is not installed: run `apt-get install -y prometheus` (.ci/run does)");
        }
        List<String> command = new ArrayList<>(List.of(promtool));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        if (process.exitValue() != 0) {
            System.err.println(String.join(" ", command) + ":\n" + output);
        }
        return process.exitValue();
    }

    @Test
    void theReadmesServicesFileLoadsAsWritten() throws Exception {
        // Its three YAML examples, the services with their checkers' settings, the engine's sections and the status
        // page, as one file.
        Matcher block = Pattern.compile("(?s)```yaml\n(.*?)```").matcher(Files.readString(README, StandardCharsets.UTF_8));
        StringBuilder file = new StringBuilder();
        int blocks = 0;
        while (block.find()) {
            file.append(block.group(1));
            blocks++;
        }
        assertEquals(3, blocks, "the README's YAML examples");
        Files.writeString(dir.resolve("monitoring.yml"), file);
        io.devmentor.monitoring.core.MonitoringConfiguration configuration = io.devmentor.monitoring.core
                .MonitoringConfiguration.fromEnvironment(Map.of("MONITORING_DATA_DIR", dir.resolve("data").toString()),
                        dir);
        Set<String> names = new LinkedHashSet<>();
        configuration.services().forEach(service -> names.add(service.name()));
        assertTrue(names.containsAll(List.of("auth", "orders-api", "ldap", "checkout", "cache", "orders-grpc",
                "resolver", "retired-name", "backup", "worker")), names.toString());
        // The engine is built from it, as at a start: every condition parsed, every checker's kind known.
        try (io.devmentor.monitoring.core.Monitoring engine = io.devmentor.monitoring.core.Monitoring.builder()
                .configuration(configuration).meterRegistry(new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
                .build()) {
            assertEquals(names.size(), engine.services().size());
        }
        assertEquals(List.of("Sign-in", "Orders"), StatusPage.read(configuration).orElseThrow().groups().stream()
                .map(StatusPage.Group::name).toList(), "the status page's section");
    }
}
