package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.devmentor.monitoring.tck.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Three server processes from the runnable jar sharing the machine's real PostgreSQL (incidents) and Redis
 * (events, membership, claims), watching 300 HTTP targets. The targets see who checks them (the checker's
 * {@code User-Agent} names the instance), so duplicates and misses are counted where they happen. Fails, never
 * skips, without PostgreSQL or Redis: {@code .ci/run} starts them.
 */
// Alone: beside the other integration tests (each loads the two cores for most of a minute) and the browser
// tests, a check that a starved instance runs two intervals late counts here as a miss (seen in three runs of
// ten with the heaviest two kept apart, one target of 300 each time).
@Execution(ExecutionMode.CONCURRENT)
@Isolated
class ClusterIT {

    private static final Path JAR = Path.of("target/monitoring-server.jar").toAbsolutePath();
    /** A lock that the tests that run several server processes each hold while they run. */
    static final String SERVER_PROCESSES = "server-processes";
    private static final int TARGETS = 300;
    private static final long INTERVAL_MS = 2000;
    private static final String TOKEN = "cluster-token";
    private static final Pattern TARGET = Pattern.compile("/t/(\\d+)/health");
    private static final Pattern INSTANCE = Pattern.compile("\\(instance (\\w+)\\)");
    /** Targets with an objective: their SLA counts are compared across the instances and with the checks made. */
    private static final Set<Integer> SLA_TARGETS = Set.of(0, 100, 101, 102, 103, 104);

    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** Each check a target answered: target, instance, when (ms). */
    private final ConcurrentLinkedQueue<Object[]> hits = new ConcurrentLinkedQueue<>();
    private final Set<Integer> failing = ConcurrentHashMap.newKeySet();
    /** Each notification the webhook received: incident id and transition. */
    private final ConcurrentLinkedQueue<String[]> notifications = new ConcurrentLinkedQueue<>();
    private final Map<String, Process> servers = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private HttpServer targets;
    private String database;

    @AfterEach
    void stop() throws Exception {
        servers.values().forEach(Process::destroyForcibly);
        for (Process process : servers.values()) {
            process.waitFor();
        }
        if (targets != null) {
            targets.stop(0);
        }
        if (database != null) {
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
                    Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void threeInstancesShareTheChecksTheIncidentsAndTheEventsAndTakeOverFromOneThatDies() throws Exception {
        startTargets();
        createDatabase("devmentor_cluster_");
        Path services = writeServicesFile();
        String prefix = "devmentor:cluster-it:" + UUID.randomUUID();
        for (String id : List.of("a", "b", "c")) {
            start(id, services, prefix);
        }
        for (String id : servers.keySet()) {
            awaitHealthy(id);
        }
        Await.until(Duration.ofSeconds(30), "three members everywhere", () -> servers.keySet().stream()
                .allMatch(id -> members(id).size() == 3));
        // Warmed up: every target checked again an interval and a half after the membership settled, by its owner.
        long settled = System.currentTimeMillis() + 3 * INTERVAL_MS / 2;
        Await.until(Duration.ofSeconds(30), "every target checked since the membership settled",
                () -> checkedSince(settled)
                .size() == TARGETS);

        // Steady state: each target checked by one instance, once per interval.
        long from = System.currentTimeMillis();
        Thread.sleep(5 * INTERVAL_MS);
        Report report = report(from, System.currentTimeMillis(), Set.of("a", "b", "c"));
        System.out.println("steady state: " + report);
        assertEquals(0, report.duplicates, "targets checked by two instances in one interval: " + report);
        assertEquals(0, report.misses, "intervals in which a target was not checked: " + report);
        assertEquals(Set.of("a", "b", "c"), report.share.keySet(), report.toString());

        // Instance A's WebSocket client sees what instance C's check found; one incident, one notification.
        // A target of C's that nothing has happened to yet: on a busy machine a start has timed some out at once
        // (a false outage of its own, with its incident and notification), which would count twice below.
        int victim = report.checkedOnlyBy.get("c").stream().filter(t -> count(t, "opened") == 0
                && getJsonQuietly("a", "/api/incidents?status=all&service=t-" + t).path("total").asInt(-1) == 0)
                .findFirst().orElseThrow(() -> new AssertionError("every target of C has had an incident"));
        WsClient ws = WsClient.connect(ports.get("a"));
        ws.send("{\"event\":\"subscribe\",\"data\":{\"events\":[\"service.down\"],\"services\":[\"t-" + victim + "\"]}}");
        ws.next("subscribed");
        failing.add(victim);
        JsonNode down = ws.next("service.down");
        assertEquals("t-" + victim, down.path("data").path("source").asText());
        Await.until(Duration.ofSeconds(20), "the opened notification", () -> count(victim, "opened") >= 1);
        for (String id : servers.keySet()) {
            JsonNode incidents = getJson(id, "/api/incidents?status=all&service=t-" + victim);
            assertEquals(1, incidents.path("total").asInt(), id + " sees one incident: " + incidents);
        }

        // C dies; A and B take its targets over within two intervals, and its incident with them.
        Set<Integer> ofC = report.checkedOnlyBy.get("c");
        long killedAt = System.currentTimeMillis();
        servers.get("c").destroyForcibly().waitFor();
        servers.remove("c");
        Await.until(Duration.ofSeconds(30), "C's targets checked by A or B",
                () -> ofC.stream().allMatch(t -> hits.stream()
                .anyMatch(h -> (int) h[0] == t && (long) h[2] > killedAt)));
        long lastTakenOver = ofC.stream().mapToLong(t -> hits.stream().filter(h -> (int) h[0] == t
                && (long) h[2] > killedAt).mapToLong(h -> (long) h[2]).min().orElseThrow()).max().orElseThrow();
        long takeoverMs = lastTakenOver - killedAt;
        System.out.println("takeover of " + ofC.size() + " targets: " + takeoverMs + " ms");
        assertTrue(takeoverMs <= 2 * INTERVAL_MS, "taken over in " + takeoverMs + " ms");

        failing.remove(victim);
        Await.until(Duration.ofSeconds(30), "the incident resolved by the new owner", () -> "resolved".equals(
                getJsonQuietly("a", "/api/incidents?status=all&service=t-" + victim).path("incidents").path(0)
                        .path("status").asText()));
        Await.until(Duration.ofSeconds(20), "the resolved notification", () -> count(victim, "resolved") >= 1);

        // Two intervals to settle, four measured: room, too, for a second incident or notification, were there one.
        long after = System.currentTimeMillis() + 2 * INTERVAL_MS;
        Thread.sleep(2 * INTERVAL_MS + 4 * INTERVAL_MS);
        Report two = report(after, System.currentTimeMillis(), Set.of("a", "b"));
        System.out.println("after the takeover: " + two);
        assertEquals(0, two.duplicates, two.toString());
        assertEquals(0, two.misses, two.toString());
        System.out.println("notifications: " + notificationsSeen());
        assertEquals(1, count(victim, "opened"), "one notification for the failure: " + notificationsSeen());
        assertEquals(1, count(victim, "resolved"), notificationsSeen().toString());
        for (String id : servers.keySet()) {
            JsonNode incidents = getJson(id, "/api/incidents?status=all&service=t-" + victim);
            assertEquals(1, incidents.path("total").asInt(), id + " still sees one incident: " + incidents);
        }

        // The event history is one table the instances share; each of them records every event it receives, and
        // each event is kept once: A and B read the same history of the outage, each event in it once.
        List<String> historyOfA = eventIds("a", victim);
        assertEquals(Set.copyOf(historyOfA).size(), historyOfA.size(), "each event once: " + historyOfA);
        assertEquals(historyOfA, eventIds("b", victim));
        List<String> types = new ArrayList<>();
        getJson("a", "/api/events?limit=1000&service=t-" + victim).path("events")
                .forEach(event -> types.add(event.path("type").asText()));
        assertTrue(types.containsAll(List.of("service.down", "incident.created", "service.up", "incident.resolved")),
                types.toString());
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database
                + "?user=postgres"); Statement st = c.createStatement();
                java.sql.ResultSet rows = st.executeQuery("SELECT COUNT(*) FROM devmentor_events WHERE source = 't-"
                        + victim + "'")) {
            rows.next();
            assertEquals(historyOfA.size(), rows.getInt(1), "rows of the outage's events in the shared table");
        }
        System.out.println("events of the outage, stored once each and read alike by A and B: " + types);
    }

    @Test
    void anOutageIsAnnouncedOnceWhileInstancesJoinDieAndLeaveAndWhatPeopleSaveAndTheSlaAreShared() throws Exception {
        startTargets();
        createDatabase("devmentor_churn_");
        Path services = writeServicesFile();
        String prefix = "devmentor:churn-it:" + UUID.randomUUID();
        start("a", services, prefix);
        start("b", services, prefix);
        awaitHealthy("a");
        awaitHealthy("b");
        Await.until(Duration.ofSeconds(30), "two members", () -> members("a").size() == 2 && members("b").size() == 2);
        long settled = System.currentTimeMillis() + 3 * INTERVAL_MS / 2;
        Await.until(Duration.ofSeconds(30), "every target checked since the membership settled",
                () -> checkedSince(settled).size() == TARGETS);
        long quietFrom = System.currentTimeMillis();
        WsClient ws = WsClient.connect(ports.get("a"));
        ws.send("{\"event\":\"subscribe\",\"data\":{\"events\":[\"service.down\",\"service.up\"]}}");
        ws.next("subscribed");

        // Outages that last through a join, a SIGKILL and a clean stop (0–19), and one that begins after the join
        // and ends after the SIGKILL (20–29).
        Set<Integer> throughEverything = new HashSet<>();
        Set<Integer> throughTheKill = new HashSet<>();
        for (int t = 0; t < 20; t++) {
            throughEverything.add(t);
        }
        for (int t = 20; t < 30; t++) {
            throughTheKill.add(t);
        }
        failing.addAll(throughEverything);
        awaitDown("a", throughEverything);

        start("c", services, prefix); // joins
        awaitHealthy("c");
        Await.until(Duration.ofSeconds(30), "three members", () -> members("a").size() == 3);
        Thread.sleep(3 * INTERVAL_MS);
        failing.addAll(throughTheKill);
        awaitDown("a", throughTheKill);

        // A dashboard saved on one instance is read on the others.
        HttpResponse<String> saved = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get("c")
                + "/api/dashboards/on-call")).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"panels\":[{\"kind\":\"service\",\"target\":\"t-1\",\"chart\":\"line\",\"range\":\"1h\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, saved.statusCode(), saved.body());
        for (String id : List.of("a", "b")) {
            JsonNode read = getJson(id, "/api/dashboards/on-call");
            assertEquals("t-1", read.path("panels").path(0).path("target").asText(), id + ": " + read);
        }

        servers.get("b").destroyForcibly().waitFor(); // SIGKILL
        servers.remove("b");
        Await.until(Duration.ofSeconds(30), "B gone", () -> members("a").size() == 2);
        Thread.sleep(3 * INTERVAL_MS);
        failing.removeAll(throughTheKill);
        awaitUp("a", throughTheKill);

        // The SLA: every instance reads the same counts, and they are the checks the targets saw, each once.
        Thread.sleep(2000); // the last checks' counts written (each second)
        for (int t : List.of(100, 101, 102, 103, 104)) {
            long seenByTarget = hits.stream().filter(h -> (int) h[0] == t).count();
            long atA = getJson("a", "/api/sla/t-" + t).path("compliance").path("30d").path("checks").asLong();
            long atC = getJson("c", "/api/sla/t-" + t).path("compliance").path("30d").path("checks").asLong();
            System.out.println("t-" + t + ": " + seenByTarget + " checks seen by the target, SLA counts " + atA
                    + " at A, " + atC + " at C (C joined late)");
            assertTrue(Math.abs(atA - atC) <= 1, "t-" + t + ": the same on every instance: " + atA + " and " + atC);
            // Within the check that may be under way as the target is read, and its count not yet written by the
            // instance that made it (each second): never the double of a check counted twice, nor a share missing.
            assertTrue(Math.abs(atA - seenByTarget) <= 2, "t-" + t + ": each check counted once: " + atA
                    + " counted, " + seenByTarget + " made");
        }
        JsonNode failingAtA = getJson("a", "/api/sla/t-0").path("compliance").path("30d");
        JsonNode failingAtC = getJson("c", "/api/sla/t-0").path("compliance").path("30d");
        // Read one after the other, a check of t-0 may land between the two reads: the counts agree within it.
        long checksAtA = failingAtA.path("checks").asLong();
        long checksAtC = failingAtC.path("checks").asLong();
        long availableAtA = Math.round(checksAtA * failingAtA.path("availability").asDouble() / 100);
        long availableAtC = Math.round(checksAtC * failingAtC.path("availability").asDouble() / 100);
        assertTrue(Math.abs(checksAtA - checksAtC) <= 1 && Math.abs(availableAtA - availableAtC) <= 1,
                "t-0's availability, the same checks counted alike: " + failingAtA + " and " + failingAtC);

        servers.get("c").destroy(); // SIGTERM: a clean stop, which leaves the cluster at once
        assertTrue(servers.get("c").waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "C stopped within 10 s");
        assertEquals(128 + 15, servers.get("c").exitValue(), "the JVM's status after SIGTERM and its shutdown");
        servers.remove("c");
        Await.until(Duration.ofSeconds(30), "C gone", () -> members("a").size() == 1);
        Thread.sleep(3 * INTERVAL_MS);
        failing.removeAll(throughEverything);
        awaitUp("a", throughEverything);
        Thread.sleep(2 * INTERVAL_MS);

        // Each outage: one service.down and one service.up, under one correlation id, in the history every instance
        // wrote and on the live stream; no service announced anew when an instance joined.
        Set<Integer> outages = new HashSet<>(throughEverything);
        outages.addAll(throughTheKill);
        List<String> wrong = new ArrayList<>();
        String since = java.time.Instant.ofEpochMilli(quietFrom).toString();
        for (int t = 0; t < TARGETS; t++) {
            List<JsonNode> history = new ArrayList<>();
            getJson("a", "/api/events?limit=100&pattern=service.*&service=t-" + t + "&from=" + since).path("events")
                    .forEach(history::add);
            long downs = history.stream().filter(e -> e.path("type").asText().equals("service.down")).count();
            long ups = history.stream().filter(e -> e.path("type").asText().equals("service.up")).count();
            String name = "t-" + t;
            long live = ws.all("service.down").stream().filter(m -> m.path("data").path("source").asText()
                    .equals(name)).count();
            long liveUps = ws.all("service.up").stream().filter(m -> m.path("data").path("source").asText()
                    .equals(name)).count();
            long fromUnknown = history.stream().filter(e -> e.path("data").path("previousStatus").asText()
                    .equals("unknown")).count();
            Set<String> correlations = new HashSet<>();
            history.forEach(e -> correlations.add(e.path("correlationId").asText(
                    e.path("metadata").path("correlationId").asText())));
            if (fromUnknown > 0) {
                wrong.add("t-" + t + " announced anew: " + history);
            } else if (outages.contains(t) && (downs != 1 || ups != 1 || live != 1 || liveUps != 1
                    || correlations.size() != 1)) {
                wrong.add("t-" + t + ": " + downs + " down and " + ups + " up in the history, " + live + " and "
                        + liveUps + " live, correlation ids " + correlations);
            }
        }
        System.out.println("outages through the churn: " + outages.size() + ", announced wrongly: " + wrong.size());
        assertEquals(List.of(), wrong);
    }

    /** A database of the test's own on the machine's PostgreSQL, dropped after it; fails, never skips, without one. */
    private void createDatabase(String prefix) {
        database = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        } catch (java.sql.SQLException e) {
            fail("PostgreSQL is needed at 127.0.0.1:5432 (.ci/run starts it): " + e.getMessage());
        }
    }

    private void awaitDown(String instance, Set<Integer> targetsDown) {
        Await.until(Duration.ofSeconds(30), targetsDown.size() + " targets down at " + instance, () -> targetsDown
                .stream().allMatch(t -> "unhealthy".equals(getJsonQuietly(instance, "/api/services/t-" + t)
                        .path("status").asText())));
    }

    private void awaitUp(String instance, Set<Integer> targetsUp) {
        Await.until(Duration.ofSeconds(30), targetsUp.size() + " targets up at " + instance, () -> targetsUp
                .stream().allMatch(t -> "healthy".equals(getJsonQuietly(instance, "/api/services/t-" + t)
                        .path("status").asText())));
    }

    private List<String> eventIds(String instance, int target) throws Exception {
        List<String> ids = new ArrayList<>();
        getJson(instance, "/api/events?limit=1000&service=t-" + target).path("events")
                .forEach(event -> ids.add(event.path("id").asText()));
        return ids;
    }

    private void startTargets() throws IOException {
        targets = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
        targets.setExecutor(Executors.newFixedThreadPool(4));
        targets.createContext("/t/", exchange -> {
            Matcher target = TARGET.matcher(exchange.getRequestURI().getPath());
            Matcher instance = INSTANCE.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent")));
            int status = 404;
            if (target.matches()) {
                int n = Integer.parseInt(target.group(1));
                hits.add(new Object[] {n, instance.find() ? instance.group(1) : "?", System.currentTimeMillis()});
                status = failing.contains(n) ? 503 : 200;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        targets.createContext("/hook", exchange -> {
            JsonNode body = json.readTree(exchange.getRequestBody());
            notifications.add(new String[] {body.path("incident").path("id").asText(), body.path("transition").asText(),
                    body.path("incident").path("service").asText(), body.path("incident").path("description").asText()});
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        targets.start();
    }

    private Path writeServicesFile() throws IOException {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (int i = 0; i < TARGETS; i++) {
            yaml.append("  t-").append(i).append(":\n    url: http://127.0.0.1:").append(targets.getAddress().getPort())
                    .append("/t/").append(i).append("/health\n    interval: ").append(INTERVAL_MS)
                    .append("\n    timeout: 1000\n    retryAttempts: 1\n");
            if (SLA_TARGETS.contains(i)) {
                yaml.append("    sla: {availability: 99}\n");
            }
        }
        yaml.append("notifications:\n  delay: 0\n");
        Path file = dir.resolve("monitoring.yml");
        Files.writeString(file, yaml.toString());
        return file;
    }

    private void start(String id, Path services, String prefix) throws IOException {
        int port = freePort();
        Path work = Files.createDirectories(dir.resolve(id));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Three servers, the targets and the build share two cores: spare them the C2 compiler's work.
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString()).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("console.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("PORT", Integer.toString(port));
        env.put("MONITORING_CONFIG", services.toString());
        env.put("MONITORING_API_TOKEN", TOKEN);
        env.put("MONITORING_INSTANCE_ID", id);
        env.put("MONITORING_INCIDENT_STORE", "postgres");
        env.put("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/" + database);
        env.put("REDIS_URL", "redis://127.0.0.1:6379");
        env.put("REDIS_EVENTS_STREAM", prefix + ":events");
        env.put("REDIS_CLUSTER_KEY", prefix);
        env.put("REDIS_MEMBER_TTL", "1000");
        env.put("MONITORING_WEBHOOK_URL", "http://127.0.0.1:" + targets.getAddress().getPort() + "/hook");
        env.put("METRICS_COLLECTION_INTERVAL", "10000");
        servers.put(id, builder.start());
        ports.put(id, port);
    }

    /**
     * Duplicates: two checks of a target by two instances closer than half an interval; misses: intervals
     * without a check (gaps of 1.9 intervals or more); late: gaps over an interval and a half.
     */
    private Report report(long from, long to, Set<String> instances) {
        Map<Integer, List<Object[]>> byTarget = new HashMap<>();
        for (Object[] hit : hits) {
            long at = (long) hit[2];
            if (at >= from && at < to) {
                byTarget.computeIfAbsent((int) hit[0], t -> new ArrayList<>()).add(hit);
            }
        }
        Report report = new Report();
        for (int t = 0; t < TARGETS; t++) {
            List<Object[]> list = new ArrayList<>(byTarget.getOrDefault(t, List.of()));
            list.sort((x, y) -> Long.compare((long) x[2], (long) y[2]));
            Set<String> who = new HashSet<>();
            list.forEach(h -> who.add((String) h[1]));
            if (list.isEmpty()) {
                report.misses++;
                continue;
            }
            long previous = from;
            String previousBy = "";
            for (Object[] hit : list) {
                long gap = (long) hit[2] - previous;
                if (gap > INTERVAL_MS * 3 / 2) {
                    report.late++;
                }
                // A late check is followed by the next on its fixed-rate plan: close together, from one
                // instance, and no duplicate. Two instances close together are.
                if (previous != from && gap < INTERVAL_MS / 2 && !previousBy.equals(hit[1])) {
                    report.duplicates++;
                    if (report.examples.size() < 3) {
                        StringBuilder sequence = new StringBuilder();
                        list.forEach(h -> sequence.append(' ').append(h[1]).append('@').append((long) h[2] - from));
                        report.examples.add("t-" + t + " by " + previousBy + " then " + hit[1] + " " + gap
                                + " ms apart; its checks:" + sequence);
                    }
                }
                previousBy = (String) hit[1];
                if (gap >= INTERVAL_MS * 19 / 10) {
                    report.misses++; // a whole interval without a check
                }
                previous = (long) hit[2];
            }
            if (to - previous >= INTERVAL_MS * 19 / 10) {
                report.misses++;
            }
            if (who.size() == 1 && instances.containsAll(who)) {
                String only = who.iterator().next();
                report.share.merge(only, 1, Integer::sum);
                report.checkedOnlyBy.computeIfAbsent(only, i -> new HashSet<>()).add(t);
            }
            report.checks += list.size();
        }
        return report;
    }

    private static final class Report {
        int checks;
        int duplicates;
        int misses;
        int late;
        final Map<String, Integer> share = new java.util.TreeMap<>();
        final Map<String, Set<Integer>> checkedOnlyBy = new HashMap<>();
        final List<String> examples = new ArrayList<>();

        @Override
        public String toString() {
            return checks + " checks, " + duplicates + " duplicates, " + misses + " misses, " + late
                    + " late by over half an interval, targets per instance "
                    + share + (examples.isEmpty() ? "" : ", such as " + examples);
        }
    }

    /** The targets checked after this time (ms). */
    private Set<Integer> checkedSince(long millis) {
        Set<Integer> checked = new HashSet<>();
        hits.forEach(h -> {
            if ((long) h[2] > millis) {
                checked.add((int) h[0]);
            }
        });
        return checked;
    }

    /** Notifications of the target's incidents with this transition. */
    private long count(int target, String transition) {
        return notifications.stream().filter(n -> n[2].equals("t-" + target) && n[1].equals(transition)).count();
    }

    private List<String> notificationsSeen() {
        List<String> seen = new ArrayList<>();
        notifications.forEach(n -> seen.add(n[2] + " " + n[1] + " (" + n[3] + ")"));
        return seen;
    }

    private List<String> members(String id) {
        List<String> members = new ArrayList<>();
        getJsonQuietly(id, "/api/cluster").path("members").forEach(m -> members.add(m.asText()));
        return members;
    }

    private JsonNode getJson(String id, String path) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + ports.get(id) + path)).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body());
    }

    private JsonNode getJsonQuietly(String id, String path) {
        try {
            return getJson(id, path);
        } catch (Exception e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    private void awaitHealthy(String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(id) + "/health"))
                        .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(100);
        }
        fail("instance " + id + " did not start: " + Files.readString(dir.resolve(id).resolve("console.log"),
                StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
