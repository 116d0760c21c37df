package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code detect FILE.csv}: one output line per row, in order, calibrated scores, the timestamp forms people's
 * files have, any header, and clear errors.
 */
class DetectCommandTest {

    private static final LocalDateTime START = LocalDateTime.parse("2014-04-01T00:00:00");
    private static final int ROWS = 10 * 288;
    private static final int SPIKE = 7 * 288 + 100;

    @TempDir
    Path dir;

    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;

    @BeforeEach
    void streams() {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
    }

    private int detect(String... args) {
        return DetectCommand.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Ten days of a daily sine with noise, a row every 5 minutes, and one spike on the eighth day. */
    private static List<Double> sineWithASpike() {
        Random random = new Random(11);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            double value = 50 + 20 * Math.sin(2 * Math.PI * i / 288) + random.nextGaussian();
            values.add(i == SPIKE ? value + 25 : value);
        }
        return values;
    }

    private Path write(String name, String header, Function<LocalDateTime, String> time, List<Double> values)
            throws Exception {
        List<String> lines = new ArrayList<>(List.of(header));
        for (int i = 0; i < values.size(); i++) {
            lines.add(time.apply(START.plusMinutes(5L * i)) + "," + values.get(i));
        }
        Path file = dir.resolve(name);
        Files.write(file, lines);
        return file;
    }

    private List<String[]> output() {
        return out.toString(StandardCharsets.UTF_8).lines().map(line -> line.split(",")).toList();
    }

    @Test
    void theSpikeOfASineInNabFormatRanksFirstAndIsDetected() throws Exception {
        DateTimeFormatter nab = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
        List<Double> values = sineWithASpike();
        Path file = write("art_sine_spike.csv", "timestamp,value", nab::format, values);
        assertEquals(0, detect(file.toString()), errors());
        List<String[]> rows = output();
        assertEquals(ROWS, rows.size(), "one line per row");
        int first = -1;
        int others = 0;
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(nab.format(START.plusMinutes(5L * i)), rows.get(i)[0], "the row's own timestamp, in order");
            double score = Double.parseDouble(rows.get(i)[2]);
            assertTrue(score >= 0 && score <= 1, String.join(",", rows.get(i)));
            if (first < 0 || score > Double.parseDouble(rows.get(first)[2])) {
                first = i;
            }
            // A value every 5 minutes: detections from 1 - 300 s / week on.
            others += score >= 0.999504 && i != SPIKE ? 1 : 0;
        }
        assertEquals(SPIKE, first, "the spike ranks first");
        assertEquals(1.0, Double.parseDouble(rows.get(SPIKE)[2]), "higher than anything before: the highest score");
        assertTrue(others <= 2, "ordinary values detected about once a week, not more: " + others + " in ten days");
        assertTrue(errors().contains("art_sine_spike.csv: 2880 rows, " + (others + 1) + " detections (score 0.999504 or"
                + " more)"), errors());
        assertTrue(errors().contains("; highest score 1.000000 at " + nab.format(START.plusMinutes(5L * SPIKE))),
                errors());
    }

    @Test
    void everyTimestampFormGivesTheSameScores() throws Exception {
        List<Double> values = sineWithASpike();
        List<Function<LocalDateTime, String>> forms = List.of(
                t -> t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)),
                t -> t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT)),
                t -> t + ":00", // ISO-8601 without a zone: UTC
                t -> t.toInstant(ZoneOffset.UTC).toString(),
                t -> t.atOffset(ZoneOffset.ofHours(2)).plusHours(2).toString(), // the same instant, at +02:00
                t -> Long.toString(t.toEpochSecond(ZoneOffset.UTC)),
                t -> Long.toString(t.toInstant(ZoneOffset.UTC).toEpochMilli()));
        List<String> reference = null;
        for (int f = 0; f < forms.size(); f++) {
            streams();
            Path file = write("form" + f + ".csv", "when,load", forms.get(f), values);
            assertEquals(0, detect(file.toString()), "form " + f + ": " + errors());
            List<String> scores = output().stream().map(row -> row[2]).toList();
            assertEquals(ROWS, scores.size());
            if (reference == null) {
                reference = scores;
            } else {
                assertEquals(reference, scores, "form " + f + " (" + forms.get(f).apply(START) + ")");
            }
        }
        assertEquals(Instant.parse("2014-04-01T00:00:00Z"), DetectCommand.instant("2014-04-01T02:00:00+02:00"));
        assertEquals(Instant.parse("2014-04-01T00:00:00.250Z"), DetectCommand.instant("2014-04-01 00:00:00.25"));
    }

    @Test
    void aColumnIsChosenByName() throws Exception {
        List<String> lines = new ArrayList<>(List.of("\"time\",\"host\",\"latency_ms\""));
        List<Double> values = sineWithASpike();
        for (int i = 0; i < values.size(); i++) {
            lines.add(START.plusMinutes(5L * i).toInstant(ZoneOffset.UTC) + ",web-1," + values.get(i));
        }
        Path file = dir.resolve("three.csv");
        Files.write(file, lines);
        assertEquals(0, detect(file.toString(), "--value", "latency_ms"), errors());
        List<String[]> rows = output();
        assertEquals(ROWS, rows.size());
        assertEquals(String.valueOf(values.get(SPIKE)), rows.get(SPIKE)[1], "the named column's value");

        streams();
        assertEquals(2, detect(file.toString()), "the second column, 'web-1', is no number");
        assertTrue(errors().contains("three.csv:2: 'web-1' is not a number"), errors());
        streams();
        assertEquals(2, detect(file.toString(), "--value", "p99"));
        assertTrue(errors().contains("no column 'p99' in the header [time, host, latency_ms]"), errors());
    }

    @Test
    void rowsOutOfTimeOrderAreScoredAndCounted() throws Exception {
        Path file = dir.resolve("shuffled.csv");
        Files.write(file, List.of("timestamp,value", "2026-11-01T00:10:00Z,1", "2026-11-01T00:05:00Z,2",
                "2026-11-01T00:00:00Z,3", "2026-11-01T00:15:00Z,4"));
        assertEquals(0, detect(file.toString()), errors());
        assertEquals(4, output().size());
        assertTrue(errors().contains("; 2 rows out of time order: sort the file by time for true scores"), errors());
    }

    @Test
    void aBadRowAMissingFileOrBadArgumentsAreErrorsThatSayWhat() throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.write(file, List.of("timestamp,value", "2026-11-01T00:00:00Z,1", "yesterday,2"));
        assertEquals(2, detect(file.toString()));
        assertTrue(errors().contains("bad.csv:3: 'yesterday' is not a timestamp"), errors());
        assertEquals(2, detect(dir.resolve("missing.csv").toString()));
        assertTrue(errors().contains("cannot be read"));
        streams();
        assertEquals(2, detect());
        assertEquals(2, detect(file.toString(), "--colour"));
        assertTrue(errors().contains("usage: java -jar monitoring-server.jar detect FILE.csv [--value NAME]"), errors());
    }
}
