package io.devmentor.monitoring.server;

import io.devmentor.monitoring.core.analysis.AnomalyDetector;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code java -jar monitoring-server.jar detect FILE.csv [--value NAME]}: the streaming anomaly detector over a
 * CSV file, printing {@code timestamp,value,score} for each row, in input order, and a one-line summary on
 * standard error, so that labelled data sets can be evaluated offline.
 *
 * <p>The file has a header line with any names; the timestamp is the first column, the value the second or the
 * one named by {@code --value}. Timestamps are ISO-8601, with or without a zone (UTC when none), or
 * {@code YYYY-MM-DD HH:MM:SS[.fff]} (UTC), or epoch seconds or milliseconds.
 */
final class DetectCommand {

    static final String USAGE = "detect FILE.csv [--value NAME]";

    /** {@code 2014-04-01 00:00:00}, {@code 2014-04-01T00:00:00.5}: a local date and time, taken as UTC. */
    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm[:ss]")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    private DetectCommand() {
    }

    /**
     * Runs the detector as the command line asks.
     *
     * @param args what follows {@code detect}: the file, then {@code --value NAME} if given
     * @return the exit code: 0, or 2 for bad arguments, a file that cannot be read or a row that cannot be
     *         parsed
     */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        Optional<String> valueColumn = Optional.empty();
        Path file = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--value") && i + 1 < args.size()) {
                valueColumn = Optional.of(args.get(++i));
            } else if (file == null && !arg.startsWith("--")) {
                file = Path.of(arg);
            } else {
                err.println("usage: java -jar monitoring-server.jar " + USAGE);
                return 2;
            }
        }
        if (file == null) {
            err.println("usage: java -jar monitoring-server.jar " + USAGE);
            return 2;
        }
        return run(file, valueColumn, out, err);
    }

    static int run(Path file, Optional<String> valueColumn, PrintStream out, PrintStream err) {
        AnomalyDetector detector = new AnomalyDetector();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = in.readLine();
            if (header == null) {
                err.println(file + ": empty; expected a header line, then timestamp,value rows");
                return 2;
            }
            List<String> names = fields(header);
            int column = 1;
            if (valueColumn.isPresent()) {
                column = names.indexOf(valueColumn.get());
                if (column < 0) {
                    err.println(file + ": no column '" + valueColumn.get() + "' in the header " + names);
                    return 2;
                }
            } else if (names.size() < 2) {
                err.println(file + ": expected a header of at least two columns, timestamp then value, was '"
                        + header + "'");
                return 2;
            }
            int number = 1;
            int rows = 0;
            int detections = 0;
            String first = null;
            String highestAt = null;
            double highest = -1;
            Instant previous = null;
            int outOfOrder = 0;
            String line;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> fields = fields(line);
                if (fields.size() <= column) {
                    err.println(file + ":" + number + ": expected " + names.size() + " columns, was '" + line + "'");
                    return 2;
                }
                String timestamp = fields.get(0);
                String valueText = fields.get(column);
                Instant at;
                double value;
                try {
                    at = instant(timestamp);
                } catch (DateTimeParseException | NumberFormatException e) {
                    err.println(file + ":" + number + ": '" + timestamp + "' is not a timestamp (ISO-8601, "
                            + "YYYY-MM-DD HH:MM:SS[.fff], or epoch seconds or milliseconds)");
                    return 2;
                }
                try {
                    value = valueText.isEmpty() ? Double.NaN : Double.parseDouble(valueText);
                } catch (NumberFormatException e) {
                    err.println(file + ":" + number + ": '" + valueText + "' is not a number");
                    return 2;
                }
                if (previous != null && at.isBefore(previous)) {
                    outOfOrder++;
                }
                previous = previous == null || at.isAfter(previous) ? at : previous;
                double score = detector.score(at, value);
                rows++;
                if (score >= detector.detectionLevel()) {
                    detections++;
                    first = first == null ? timestamp : first;
                }
                if (score > highest) {
                    highest = score;
                    highestAt = timestamp;
                }
                out.println(timestamp + "," + valueText + "," + String.format(Locale.ROOT, "%.6f", score));
            }
            out.flush();
            err.println(String.format(Locale.ROOT, "%s: %d rows, %d detections (score %.6f or more)%s%s%s", file,
                    rows, detections, detector.detectionLevel(), first == null ? "" : ", the first at " + first,
                    highestAt == null ? "" : String.format(Locale.ROOT, "; highest score %.6f at %s", highest,
                            highestAt),
                    outOfOrder == 0 ? "" : "; " + outOfOrder + " rows out of time order: sort the file by time"
                            + " for true scores"));
            return 0;
        } catch (IOException e) {
            err.println(file + ": cannot be read: " + e.getMessage());
            return 2;
        }
    }

    /** A CSV line's fields, trimmed, with double quotes around a field taken off. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        for (String field : line.split(",", -1)) {
            String trimmed = field.trim();
            if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
                trimmed = trimmed.substring(1, trimmed.length() - 1).trim();
            }
            fields.add(trimmed);
        }
        return fields;
    }

    /** An ISO-8601 or {@code YYYY-MM-DD HH:MM:SS} timestamp (UTC without a zone), or epoch seconds or ms. */
    static Instant instant(String text) {
        if (!text.isEmpty() && text.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '-')
                && text.indexOf('-', 1) < 0) {
            double number = Double.parseDouble(text);
            // Epoch seconds reach 10^11 in the year 5138; epoch milliseconds passed it in 1973.
            return Math.abs(number) < 1e11 ? Instant.ofEpochMilli(Math.round(number * 1000))
                    : Instant.ofEpochMilli(Math.round(number));
        }
        String iso = text.replace(' ', 'T');
        try {
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException zoneless) {
            return LocalDateTime.parse(text, LOCAL).toInstant(ZoneOffset.UTC);
        }
    }
}
