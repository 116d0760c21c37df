package io.devmentor.monitoring.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code detect FILE.csv}: one output line per row, in order, scores between 0 and 1, clear errors. */
class DetectCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int detect(Path file) {
        return DetectCommand.run(file, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void scoresEveryRowInOrderAndTheSpikeHighest() throws Exception {
        Random random = new Random(11);
        List<String> rows = new ArrayList<>(List.of("timestamp,value"));
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < 500; i++) {
            double value = i == 400 ? 95 : 50 + 2 * random.nextGaussian();
            // Both timestamp forms: ISO-8601 and epoch milliseconds.
            String at = i % 2 == 0 ? start.plusSeconds(60L * i).toString()
                    : Long.toString(start.plusSeconds(60L * i).toEpochMilli());
            rows.add(at + "," + value);
        }
        Path file = dir.resolve("series.csv");
        Files.write(file, rows);
        assertEquals(0, detect(file), err.toString(StandardCharsets.UTF_8));
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(500, lines.size(), "one line per row");
        int highest = -1;
        double best = -1;
        for (int i = 0; i < lines.size(); i++) {
            String[] fields = lines.get(i).split(",");
            assertEquals(rows.get(i + 1), fields[0] + "," + fields[1], "the row as given, in input order");
            double score = Double.parseDouble(fields[2]);
            assertTrue(score >= 0 && score <= 1, lines.get(i));
            if (score > best) {
                best = score;
                highest = i;
            }
        }
        assertEquals(400, highest, "the spike scores highest");
        assertTrue(best > 0.95, "and high: " + best);
    }

    @Test
    void aBadRowOrAMissingFileIsAnErrorThatSaysWhere() throws Exception {
        Path file = dir.resolve("bad.csv");
        Files.write(file, List.of("timestamp,value", "2026-11-01T00:00:00Z,1", "yesterday,2"));
        assertEquals(2, detect(file));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("bad.csv:3: expected timestamp,value, was 'yesterday,2'"),
                err.toString(StandardCharsets.UTF_8));
        assertEquals(2, detect(dir.resolve("missing.csv")));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("cannot be read"));
    }
}
