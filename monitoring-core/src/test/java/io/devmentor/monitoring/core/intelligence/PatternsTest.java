package io.devmentor.monitoring.core.intelligence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentSeverity;
import io.devmentor.monitoring.api.IncidentStatus;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.core.PatternReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PatternsTest {

    private static final Instant MONDAY = Instant.parse("2026-11-02T00:00:00Z");

    private static Incident incident(String service, String cause, Instant at, TimelineEntry... extra) {
        List<TimelineEntry> timeline = new ArrayList<>();
        timeline.add(new TimelineEntry(at, "engine", "detected", "down", Map.of()));
        timeline.add(new TimelineEntry(at.plusSeconds(1), "engine", "analysis", "likely cause",
                Map.of("failureKind", "timeout")));
        timeline.addAll(List.of(extra));
        return new Incident(java.util.UUID.randomUUID().toString(), service, "x", IncidentSeverity.HIGH,
                IncidentStatus.RESOLVED, cause, at, at.plusSeconds(600), Optional.of(at.plusSeconds(600)),
                Optional.empty(), Optional.empty(), false, false, timeline);
    }

    @Test
    void incidentsAroundTwoAtNightOnSeveralDaysAreADailyPattern() {
        List<Incident> incidents = new ArrayList<>();
        Random random = new Random(1);
        for (int day = 0; day < 5; day++) {
            incidents.add(incident("backup", "down", MONDAY.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(
                    120 + random.nextInt(30) - 15))));
        }
        incidents.add(incident("backup", "down", MONDAY.plus(Duration.ofHours(40))));
        incidents.add(incident("web", "down", MONDAY.plus(Duration.ofHours(3))));
        List<PatternReport.Recurring> found = Patterns.recurring(incidents);
        assertEquals(1, found.size(), "web has one incident only: " + found);
        PatternReport.Recurring backup = found.get(0);
        assertEquals("daily", backup.kind());
        assertEquals(6, backup.incidents());
        assertEquals("timeout", backup.failureKind());
        assertTrue(backup.description().contains("5 of its 6 incidents began around 0"), backup.description());
    }

    @Test
    void incidentsSoonAfterRestartsAreAnAfterRestartPattern() {
        List<Incident> incidents = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            Instant restart = MONDAY.plus(Duration.ofHours(7L * k + 1)).plus(Duration.ofMinutes(13L * k));
            incidents.add(incident("orders", "down", restart.minus(Duration.ofMinutes(30)),
                    new TimelineEntry(restart, "engine", "restart", "restart requested", Map.of())));
        }
        incidents.add(incident("orders", "down", MONDAY.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(5))));
        incidents.add(incident("orders", "down", MONDAY.plus(Duration.ofHours(8)).plus(Duration.ofMinutes(20))));
        incidents.add(incident("orders", "down", MONDAY.plus(Duration.ofHours(15)).plus(Duration.ofMinutes(35))));
        incidents.add(incident("orders", "down", MONDAY.plus(Duration.ofHours(22)).plus(Duration.ofMinutes(49))));
        PatternReport.Recurring orders = Patterns.recurring(incidents).get(0);
        assertEquals("after_restart", orders.kind(), orders.description());
        assertTrue(orders.description().contains("4 of its 8 incidents began within 15 minutes of a restart"),
                orders.description());
    }

    @Test
    void incidentsAtRandomTimesAreOnlyRepeated() {
        List<Incident> incidents = new ArrayList<>();
        Random random = new Random(2);
        for (int k = 0; k < 6; k++) {
            incidents.add(incident("search", "threshold.cpu", MONDAY.plus(Duration.ofMinutes(random.nextInt(20 * 1440)))));
        }
        PatternReport.Recurring search = Patterns.recurring(incidents).get(0);
        assertEquals("repeated", search.kind(), search.description());
        assertEquals("threshold.cpu", search.cause());
    }

    @Test
    void seriesThatMoveTogetherAreFoundAndTheOthersAreNot() {
        Random random = new Random(3);
        double[] load = new double[60];
        double[] latency = new double[60];
        double[] noise = new double[60];
        double[] memory = new double[60];
        double[] memoryPercent = new double[60];
        for (int i = 0; i < 60; i++) {
            load[i] = 100 + 30 * Math.sin(i / 5.0) + 3 * random.nextGaussian();
            latency[i] = 0.2 + 0.002 * load[i] + 0.005 * random.nextGaussian();
            noise[i] = random.nextGaussian();
            memory[i] = 1000 + 10 * random.nextGaussian();
            memoryPercent[i] = memory[i] / 20;
        }
        Map<String, double[]> minutes = new LinkedHashMap<>();
        minutes.put("http.requests.rate{service=api}", load);
        minutes.put("service.response.time{service=api}", latency);
        minutes.put("queue.depth{service=jobs}", noise);
        minutes.put("system.memory.usage", memory);
        minutes.put("system.memory.usage.percent", memoryPercent);
        List<PatternReport.Correlation> found = Patterns.correlated(minutes, 20);
        assertEquals(1, found.size(), "one pair; a use and its percentage are one resource: " + found);
        assertEquals("http.requests.rate{service=api}", found.get(0).series());
        assertEquals("service.response.time{service=api}", found.get(0).other());
        assertTrue(found.get(0).coefficient() > 0.8, found.toString());
        assertEquals(59, found.get(0).points());
    }
}
