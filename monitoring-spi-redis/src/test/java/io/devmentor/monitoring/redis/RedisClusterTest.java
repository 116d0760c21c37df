package io.devmentor.monitoring.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.core.Monitoring;
import io.devmentor.monitoring.core.MonitoringBuilder;
import io.devmentor.monitoring.core.MonitoringConfiguration;
import io.devmentor.monitoring.core.ServiceState;
import io.devmentor.monitoring.tck.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three engines sharing a fleet through the machine's real Redis (127.0.0.1:6379): each service is checked by
 * one of them, each sees all, and the services of one that leaves are taken over. Fails, never skips, without
 * Redis: {@code .ci/run} starts it.
 */
class RedisClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static final int SERVICES = 60;
    private static final Duration INTERVAL = Duration.ofMillis(500);

    @TempDir
    Path dir;

    private final String prefix = "devmentor:test:" + UUID.randomUUID();
    /** Each check: which instance, which service, when. */
    private final ConcurrentLinkedQueue<String[]> checks = new ConcurrentLinkedQueue<>();
    /** Services whose checks fail, wherever they are made. */
    private final Set<String> failing = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private Monitoring engine(String id) {
        return engine(id, INTERVAL);
    }

    private Monitoring engine(String id, Duration interval) {
        MonitoringBuilder builder = Monitoring.builder()
                .configuration(MonitoringConfiguration.fromEnvironment(Map.of(
                        "MONITORING_DATA_DIR", dir.resolve(id).toString(), "METRICS_COLLECTION_INTERVAL", "60000",
                        "REDIS_URL", "redis://127.0.0.1:6379", "REDIS_EVENTS_STREAM", prefix + ":events",
                        "REDIS_CLUSTER_KEY", prefix, "REDIS_MEMBER_TTL", "1000", "MONITORING_INSTANCE_ID", id), dir))
                .healthChecker("probe", service -> {
                    checks.add(new String[] {id, service.name(), Long.toString(System.nanoTime())});
                    return CompletableFuture.completedFuture(failing.contains(service.name())
                            ? CheckResult.down(Instant.now(), Duration.ofMillis(1), "refused, checked by " + id)
                            : CheckResult.up(Instant.now(), Duration.ofMillis(1), "checked by " + id));
                });
        builder.service(ServiceDefinition.builder("here").kind("probe").interval(interval).retryAttempts(0)
                .tags(ServiceDefinition.LOCAL_TAG).build());
        for (int i = 0; i < SERVICES; i++) {
            builder.service(ServiceDefinition.builder("svc-" + i).kind("probe").interval(interval).retryAttempts(0)
                    .build());
        }
        return builder.build();
    }

    /** Who checked each service since {@code sinceNanos}. */
    private Map<String, Set<String>> checkersSince(long sinceNanos) {
        Map<String, Set<String>> by = new HashMap<>();
        for (String[] check : checks) {
            if (Long.parseLong(check[2]) >= sinceNanos) {
                by.computeIfAbsent(check[1], s -> new HashSet<>()).add(check[0]);
            }
        }
        return by;
    }

    /** Each service checked by exactly one instance; returns how many services each checked. */
    private static Map<String, Integer> assertOneCheckerEach(Map<String, Set<String>> checkers) {
        List<String> duplicates = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        Map<String, Integer> share = new HashMap<>();
        for (int i = 0; i < SERVICES; i++) {
            Set<String> who = checkers.getOrDefault("svc-" + i, Set.of());
            if (who.isEmpty()) {
                misses.add("svc-" + i);
            } else if (who.size() > 1) {
                duplicates.add("svc-" + i + " by " + who);
            } else {
                share.merge(who.iterator().next(), 1, Integer::sum);
            }
        }
        assertEquals(List.of(), duplicates, "services checked by more than one instance");
        assertEquals(List.of(), misses, "services checked by none");
        return share;
    }

    @Test
    void whileRedisIsAwayEachInstanceChecksItsOwnShareAndRejoinsWhenItReturns() throws Exception {
        RedisPeer.require();
        try (Monitoring a = engine("a"); Monitoring b = engine("b")) {
            a.start();
            b.start();
            Await.until(WAIT, "two members", () -> a.clusterMembers().size() == 2 && b.clusterMembers().size() == 2);
            Thread.sleep(2 * INTERVAL.toMillis());
            long before = System.nanoTime();
            Thread.sleep(4 * INTERVAL.toMillis());
            Map<String, Integer> shareBefore = assertOneCheckerEach(checkersSince(before));

            RedisPeer.shutdown();
            try {
                Await.until(WAIT, "Redis gone", () -> !RedisPeer.answers());
                Thread.sleep(2 * INTERVAL.toMillis()); // past the members' time to live: alone now
                long during = System.nanoTime();
                Thread.sleep(4 * INTERVAL.toMillis());
                assertEquals(shareBefore, assertOneCheckerEach(checkersSince(during)),
                        "each carries on with its own share, no more");
                assertEquals(List.of("a", "b"), a.clusterMembers(), "the members last heard of");
            } finally {
                RedisPeer.start();
            }
            Await.until(WAIT, "Redis back", RedisPeer::answers);
            Thread.sleep(4 * INTERVAL.toMillis()); // both renewed; the grace after the outage is over
            long after = System.nanoTime();
            Thread.sleep(4 * INTERVAL.toMillis());
            assertEquals(shareBefore, assertOneCheckerEach(checkersSince(after)), "together again, as before");
            assertTrue(RedisPeer.cli("zrange", prefix + ":members", "0", "-1").contains("a"), "registered again");
        }
    }

    @Test
    void eachServiceIsCheckedByOneInstanceEachSeesAllAndALeaversServicesAreTakenOver() throws Exception {
        RedisPeer.require();
        Monitoring c = engine("c"); // closed by the test: it leaves the cluster
        try (Monitoring a = engine("a"); Monitoring b = engine("b")) {
            a.start();
            b.start();
            c.start();
            Await.until(WAIT, "three members everywhere",
                    () -> a.clusterMembers().size() == 3 && b.clusterMembers().size() == 3
                    && c.clusterMembers().size() == 3);
            assertEquals(List.of("a", "b", "c"), a.clusterMembers());
            Thread.sleep(2 * INTERVAL.toMillis());

            long windowStart = System.nanoTime();
            Thread.sleep(6 * INTERVAL.toMillis());
            Map<String, Set<String>> checkers = checkersSince(windowStart);
            Map<String, Integer> share = assertOneCheckerEach(checkers);
            assertEquals(Set.of("a", "b", "c"), share.keySet(), "every instance has a share: " + share);
            assertEquals(Set.of("a", "b", "c"), checkers.get("here"), "a local service is checked by each instance");
            for (int n : share.values()) {
                assertTrue(n >= 8 && n <= 35, "shares roughly even: " + share);
            }

            for (Monitoring engine : List.of(a, b, c)) {
                for (ServiceState state : engine.services()) {
                    assertEquals(HealthStatus.UP, state.status(), state.name() + " as one instance sees it");
                }
            }
            Set<String> seenAtA = new HashSet<>();
            a.services().forEach(s -> s.lastResult().ifPresent(r -> seenAtA.add(r.message())));
            assertEquals(Set.of("checked by a", "checked by b", "checked by c"), seenAtA,
                    "A's view holds the results of B's and C's checks");

            List<String> ofC = new ArrayList<>();
            checkers.forEach((service, who) -> {
                if (who.equals(Set.of("c"))) {
                    ofC.add(service);
                }
            });
            long left = System.nanoTime();
            c.close(); // leaves at once; a member that dies drops out after REDIS_MEMBER_TTL
            Await.until(WAIT, "a and b take C's " + ofC.size() + " services over", () -> {
                Map<String, Set<String>> since = checkersSince(left);
                // A check of C's that was under way as it closed may still land: what counts is that A or B
                // checks each of its services now.
                return ofC.stream().allMatch(s -> since.containsKey(s)
                        && (since.get(s).contains("a") || since.get(s).contains("b")));
            });
            long tookMillis = (System.nanoTime() - left) / 1_000_000;
            assertTrue(tookMillis <= 2 * INTERVAL.toMillis(), "taken over in " + tookMillis + " ms");
            assertEquals(List.of("a", "b"), a.clusterMembers());
        } finally {
            c.close();
        }
    }

    /**
     * A service that moves keeps its rhythm: the member that takes it over checks it an interval after the last
     * check anywhere, neither twice within half an interval nor leaving it unchecked for long, when a member leaves
     * and when one joins. Without it, each moved service's first check at its new member lands at a moment of that
     * member's own: a quarter of the moves come an interval after the last check, where here nearly all do.
     */
    @Test
    void aServiceKeepsItsRhythmWhenItMovesToAMemberThatJoinsOrFromOneThatLeaves() throws Exception {
        RedisPeer.require();
        // Long beside the members' renewal period (a third of their time to live), in which a move may leave a
        // service's next check with no member that knows it owns it: those checks come late, the others in rhythm.
        Duration interval = Duration.ofSeconds(2);
        Monitoring c = engine("c", interval); // closed by the test: it leaves the cluster
        long cLeft;
        long joined;
        try (Monitoring a = engine("a", interval); Monitoring b = engine("b", interval)) {
            a.start();
            b.start();
            c.start();
            Await.until(WAIT, "three members", () -> a.clusterMembers().size() == 3 && b.clusterMembers().size() == 3
                    && c.clusterMembers().size() == 3);
            Thread.sleep(3 * interval.toMillis());
            cLeft = System.nanoTime();
            c.close();
            Thread.sleep(4 * interval.toMillis());
            try (Monitoring d = engine("d", interval)) {
                joined = System.nanoTime();
                d.start();
                Await.until(WAIT, "three members again", () -> a.clusterMembers().size() == 3);
                Thread.sleep(4 * interval.toMillis());
            }
        } finally {
            c.close();
        }
        Map<String, List<long[]>> byService = new HashMap<>(); // each check: when, and by whom (the id's letter)
        for (String[] check : checks) {
            if (!check[1].equals("here")) {
                byService.computeIfAbsent(check[1], s -> new ArrayList<>())
                        .add(new long[] {Long.parseLong(check[2]), check[0].charAt(0)});
            }
        }
        long from = cLeft - 2 * interval.toNanos();
        long until = joined + 4 * interval.toNanos();
        List<String> twice = new ArrayList<>();
        List<String> late = new ArrayList<>();
        int moves = 0;
        int inRhythm = 0;
        for (Map.Entry<String, List<long[]>> service : byService.entrySet()) {
            List<long[]> seen = service.getValue().stream().filter(check -> check[0] >= from && check[0] <= until)
                    .sorted(java.util.Comparator.comparingLong(check -> check[0])).toList();
            for (int i = 1; i < seen.size(); i++) {
                long gap = seen.get(i)[0] - seen.get(i - 1)[0];
                boolean moved = seen.get(i)[1] != seen.get(i - 1)[1];
                moves += moved ? 1 : 0;
                inRhythm += moved && Math.abs(gap - interval.toNanos()) <= interval.toNanos() / 10 ? 1 : 0;
                // A check C made as it closed may not have reached Redis: the next owner could not know of it.
                boolean unshared = seen.get(i - 1)[1] == 'c' && cLeft - seen.get(i - 1)[0] < 50_000_000L;
                if (moved && gap < interval.toNanos() / 2 && !unshared) {
                    twice.add(service.getKey() + " by " + (char) seen.get(i - 1)[1] + " then "
                            + (char) seen.get(i)[1] + " " + gap / 1_000_000 + " ms apart");
                }
                if (gap > 3 * interval.toNanos()) {
                    late.add(service.getKey() + " unchecked for " + gap / 1_000_000 + " ms");
                }
            }
        }
        assertTrue(moves >= SERVICES / 3, "services moved, " + moves + " times");
        // Those not in rhythm are the ones whose next check came due while no member could check them: the leaver
        // gone before the others heard, or a joiner's first renewal period, in which it is silent. Here 32 to 36
        // of 36 moves are in rhythm; when the new member plans the check by its own schedule, 8 to 10.
        assertTrue(inRhythm >= 2 * moves / 3, inRhythm + " of " + moves + " moves an interval after the last check");
        assertEquals(List.of(), twice, "checked twice within half an interval as they moved");
        assertEquals(List.of(), late, "left unchecked as they moved");
    }

    @Test
    void anOutageMovesWithItsServiceToAMemberThatJoinsAndFromOneThatLeavesAnnouncedOnceUnderOneCorrelationId()
            throws Exception {
        RedisPeer.require();
        // Every service event any instance publishes or receives, by id: each instance receives the others'.
        Map<String, io.devmentor.monitoring.api.MonitoringEvent> seen = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.function.Consumer<io.devmentor.monitoring.api.MonitoringEvent> record = e -> seen.put(e.id(), e);
        io.devmentor.monitoring.core.EventFilter transitions =
                io.devmentor.monitoring.core.EventFilter.of("service.down", "service.up");
        for (int i = 0; i < SERVICES; i += 3) {
            failing.add("svc-" + i);
        }
        Set<String> outages = Set.copyOf(failing);
        Monitoring b = engine("b"); // closed by the test: it leaves the cluster cleanly
        try (Monitoring a = engine("a")) {
            a.subscribe(transitions, record);
            b.subscribe(transitions, record);
            a.start();
            Await.until(WAIT, "every failing service down at A", () -> outages.stream().allMatch(s ->
                    a.service(s).map(st -> st.status() == HealthStatus.DOWN).orElse(false)));
            Thread.sleep(2 * INTERVAL.toMillis());
            b.start(); // joins A, with a share of the failing services, which it finds down
            Await.until(WAIT, "two members", () -> a.clusterMembers().size() == 2);
            Thread.sleep(4 * INTERVAL.toMillis());
            assertEquals(outages.size(), count(seen, "service.down", outages), "one service.down each: " + transitions(seen));

            try (Monitoring c = engine("c")) {
                c.subscribe(transitions, record);
                c.start();
                Await.until(WAIT, "three members", () -> a.clusterMembers().size() == 3);
                long joined = System.nanoTime();
                Await.until(WAIT, "C checks its share", () -> checkersSince(joined).values().stream()
                        .anyMatch(who -> who.contains("c")));
                Thread.sleep(4 * INTERVAL.toMillis());
                for (String service : outages) {
                    ServiceState atC = c.service(service).orElseThrow();
                    ServiceState atA = a.service(service).orElseThrow();
                    assertEquals(HealthStatus.DOWN, atC.status(), service);
                    assertEquals(atA.correlationId(), atC.correlationId(), service + ": one outage, one id");
                }
                b.close(); // leaves cleanly: A and C take its services over where they stand
                Thread.sleep(4 * INTERVAL.toMillis());
                assertEquals(outages.size(), count(seen, "service.down", outages),
                        "no outage announced again on a join or a leave: " + transitions(seen));

                failing.clear();
                Await.until(WAIT, "every service up at A and C", () -> a.services().stream()
                        .allMatch(st -> st.status() == HealthStatus.UP) && c.services().stream()
                        .allMatch(st -> st.status() == HealthStatus.UP));
                Thread.sleep(2 * INTERVAL.toMillis());
                assertEquals(count(seen, "service.down", outages), count(seen, "service.up", outages), transitions(seen).toString());
                Map<String, String> downIds = new HashMap<>();
                seen.values().stream().filter(e -> e.type().equals("service.down")).forEach(e ->
                        downIds.put(e.source(), e.metadata().correlationId().orElseThrow()));
                seen.values().stream().filter(e -> e.type().equals("service.up") && outages.contains(e.source())).forEach(e ->
                        assertEquals(downIds.get(e.source()), e.metadata().correlationId().orElse(null),
                                e.source() + ": the recovery closes the outage it was announced under"));
            }
        } finally {
            b.close();
        }
    }

    /** Each transition seen: type, service and who checked, in time order, for a failure's message. */
    private static List<String> transitions(Map<String, io.devmentor.monitoring.api.MonitoringEvent> seen) {
        return seen.values().stream().sorted(java.util.Comparator.comparing(
                io.devmentor.monitoring.api.MonitoringEvent::timestamp)).map(e -> e.type() + " " + e.source() + " ("
                + e.data().get("message") + ")").toList();
    }

    private static long count(Map<String, io.devmentor.monitoring.api.MonitoringEvent> seen, String type,
            Set<String> services) {
        return seen.values().stream().filter(e -> e.type().equals(type) && services.contains(e.source())).count();
    }
}
