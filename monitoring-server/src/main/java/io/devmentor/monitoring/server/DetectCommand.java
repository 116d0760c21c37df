package io.devmentor.monitoring.server;

import io.devmentor.monitoring.core.AnomalyDetector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * {@code java -jar monitoring-server.jar detect FILE.csv}: the streaming anomaly detector over a CSV file (a
 * header line, then {@code timestamp,value} rows), printing {@code timestamp,value,score} for each row, in
 * input order, so that labelled data sets can be evaluated offline. Timestamps are ISO-8601 instants or
 * epoch seconds or milliseconds.
 */
final class DetectCommand {

    private DetectCommand() {
    }

    /**
     * Runs the detector over the file.
     *
     * @return the exit code: 0, or 2 for a file that cannot be read or a row that is not {@code timestamp,value}
     */
    static int run(Path file, PrintStream out, PrintStream err) {
        AnomalyDetector detector = new AnomalyDetector();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null) {
                err.println(file + ": empty; expected a header line, then timestamp,value rows");
                return 2;
            }
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length != 2) {
                    err.println(file + ":" + number + ": expected timestamp,value, was '" + line + "'");
                    return 2;
                }
                Instant at;
                double value;
                try {
                    at = instant(fields[0].trim());
                    value = Double.parseDouble(fields[1].trim());
                } catch (DateTimeParseException | NumberFormatException e) {
                    err.println(file + ":" + number + ": expected timestamp,value, was '" + line + "'");
                    return 2;
                }
                double score = detector.score(at, value);
                out.println(fields[0].trim() + "," + fields[1].trim() + "," + String.format(Locale.ROOT, "%.4f", score));
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println(file + ": cannot be read: " + e.getMessage());
            return 2;
        }
    }

    /** An ISO-8601 instant, or epoch seconds (up to 10^11) or milliseconds. */
    private static Instant instant(String text) {
        if (!text.isEmpty() && (Character.isDigit(text.charAt(0)) || text.charAt(0) == '-') && !text.contains("T")) {
            double number = Double.parseDouble(text);
            return Math.abs(number) < 1e11 ? Instant.ofEpochMilli(Math.round(number * 1000))
                    : Instant.ofEpochMilli(Math.round(number));
        }
        return Instant.parse(text);
    }
}
