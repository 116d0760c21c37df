package io.devmentor.monitoring.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devmentor.monitoring.core.analysis.AnomalyDetector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Scores {@link AnomalyDetector} on a labelled corpus in the layout of the Numenta Anomaly Benchmark (a folder of
 * {@code timestamp,value} CSV files and a {@code windows.json} of anomaly windows per file), by that benchmark's
 * published method:
 * <ul>
 * <li>the detector sees each series once, in order, and scores every row;
 * <li>the first 15 % of each file (at most 750 rows) is probation, where detections count for nothing;
 * <li>in each window only its best (first) detection counts, worth a scaled sigmoid of its place in the window,
 * from about 1 at its start to 0 at its end; a window without one costs the profile's false-negative weight;
 * <li>a detection outside every window costs the false-positive weight times the same sigmoid of its distance
 * past the window before it (the full weight when none precedes it or it is three widths past);
 * <li>one threshold for the whole corpus, the one with the best total, per profile;
 * <li>totals normalised so that never firing scores 0 and finding every window at its start scores 100.
 * </ul>
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.devmentor.monitoring.benchmarks.AnomalyEvaluation DIR [--files]</pre>
 */
public final class AnomalyEvaluation {

    private static final DateTimeFormatter NAB_TIME = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter(Locale.ROOT);

    /** A scoring profile: the weights of a true positive, a false positive and a missed window. */
    record Profile(String name, double tp, double fp, double fn) {
    }

    static final List<Profile> PROFILES = List.of(
            new Profile("standard", 1.0, 0.11, 1.0),
            new Profile("reward_low_FP_rate", 1.0, 0.22, 1.0),
            new Profile("reward_low_FN_rate", 1.0, 0.11, 2.0));

    /**
     * One scored row: the detector's score, the sigmoid weight of a detection there, and the window it falls in
     * ({@code -1} outside every window).
     */
    record Row(double score, double weight, int window, boolean detection) {
    }

    /** A file's scored rows after probation, and how many windows it has that can be scored. */
    record ScoredFile(String name, List<Row> rows, List<Integer> windows) {
    }

    /** What a profile's best threshold gives. */
    record Result(Profile profile, double threshold, double score, int detected, int windows, int falsePositives) {
    }

    private AnomalyEvaluation() {
    }

    /**
     * Scores the corpus and prints, per profile, the normalised score and its threshold.
     *
     * @param args the corpus folder; {@code --files} also prints each file's result from the detector's own detections
     * @throws IOException if the corpus cannot be read
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: AnomalyEvaluation DIR [--files]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<ScoredFile> files = score(dir);
        int rows = files.stream().mapToInt(f -> f.rows().size()).sum();
        int windows = files.stream().mapToInt(f -> f.windows().size()).sum();
        System.out.printf(Locale.ROOT, "%d files, %d scored rows, %d windows%n", files.size(), rows, windows);
        System.out.printf(Locale.ROOT, "%-20s %7s %10s %9s %6s%n", "profile", "score", "threshold", "detected", "fp");
        for (Profile profile : PROFILES) {
            print(profile.name(), best(files, profile));
        }
        System.out.println("the detector's own detections (score at or above its level, 1 - interval / week):");
        for (Profile profile : PROFILES) {
            print(profile.name(), at(files, profile, Row::detection, Double.NaN));
        }
        if (args.length > 1 && args[1].equals("--files")) {
            Profile standard = PROFILES.get(0);
            for (ScoredFile file : files) {
                Result one = at(List.of(file), standard, Row::detection, Double.NaN);
                System.out.printf(Locale.ROOT, "  %-58s windows %d/%d  false positives %3d  raw %6.2f%n", file.name(),
                        one.detected(), one.windows(), one.falsePositives(), raw(List.of(file), standard,
                                Row::detection));
            }
        }
    }

    private static void print(String name, Result result) {
        System.out.printf(Locale.ROOT, "%-20s %7.1f %10s %5d/%-3d %6d%n", name, result.score(),
                Double.isNaN(result.threshold()) ? "its own" : String.format(Locale.ROOT, "%.6f", result.threshold()),
                result.detected(), result.windows(), result.falsePositives());
    }

    /** Runs a fresh detector over every file of the corpus. */
    static List<ScoredFile> score(Path dir) throws IOException {
        JsonNode labels = new ObjectMapper().readTree(dir.resolve("windows.json").toFile());
        List<ScoredFile> files = new ArrayList<>();
        int windowIds = 0;
        for (Map.Entry<String, JsonNode> entry : labels.properties()) {
            List<String> lines = Files.readAllLines(dir.resolve(entry.getKey()), StandardCharsets.UTF_8);
            List<LocalDateTime> times = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                int comma = line.indexOf(',');
                times.add(LocalDateTime.parse(line.substring(0, comma).trim(), NAB_TIME));
                values.add(Double.parseDouble(line.substring(comma + 1).trim()));
            }
            AnomalyDetector detector = new AnomalyDetector();
            double[] scores = new double[times.size()];
            boolean[] detections = new boolean[scores.length];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = detector.score(times.get(i).toInstant(ZoneOffset.UTC), values.get(i));
                detections[i] = scores[i] >= detector.detectionLevel();
            }
            List<int[]> windows = new ArrayList<>();
            for (JsonNode window : entry.getValue()) {
                LocalDateTime start = LocalDateTime.parse(window.get(0).asText(), NAB_TIME);
                LocalDateTime end = LocalDateTime.parse(window.get(1).asText(), NAB_TIME);
                int first = -1;
                int last = -1;
                for (int i = 0; i < times.size(); i++) {
                    if (first < 0 && !times.get(i).isBefore(start)) {
                        first = i;
                    }
                    if (!times.get(i).isAfter(end)) {
                        last = i;
                    }
                }
                if (first >= 0 && last >= first) {
                    windows.add(new int[] {first, last, windowIds++});
                }
            }
            files.add(rows(entry.getKey(), scores, detections, windows));
        }
        return files;
    }

    /** Weighs every row of a file by where it lies relative to the windows, as the benchmark's sweeper does. */
    static ScoredFile rows(String name, double[] scores, boolean[] detections, List<int[]> windows) {
        int probation = (int) Math.min(Math.floor(0.15 * scores.length), 0.15 * 5000);
        double maxTp = sigmoid(-1.0);
        List<Row> rows = new ArrayList<>();
        List<Integer> scorable = new ArrayList<>();
        int next = 0;
        int[] current = null;
        int[] previous = null;
        for (int i = 0; i < scores.length; i++) {
            if (current == null && next < windows.size() && windows.get(next)[0] == i) {
                current = windows.get(next++);
            }
            double weight;
            if (current != null) {
                double width = current[1] - current[0] + 1;
                weight = sigmoid(-(current[1] - i + 1) / width) / maxTp;
            } else if (previous == null) {
                weight = -1.0;
            } else {
                double width = previous[1] - previous[0] + 1;
                weight = sigmoid(Math.abs(previous[1] - i) / (width - 1));
            }
            if (i >= probation) {
                int window = current == null ? -1 : current[2];
                rows.add(new Row(scores[i], weight, window, detections[i]));
                if (window >= 0 && !scorable.contains(window)) {
                    scorable.add(window);
                }
            }
            if (current != null && current[1] == i) {
                previous = current;
                current = null;
            }
        }
        return new ScoredFile(name, rows, scorable);
    }

    /** The benchmark's scaled sigmoid: about 1 at -1, 0 at 0, falling to -1 past 3. */
    private static double sigmoid(double position) {
        return position > 3.0 ? -1.0 : 2 / (1 + Math.exp(5 * position)) - 1.0;
    }

    /** The threshold with the best total over all files, found by sweeping down through every score. */
    static Result best(List<ScoredFile> files, Profile profile) {
        List<Row> all = new ArrayList<>();
        Map<Integer, Double> windowParts = new HashMap<>();
        for (ScoredFile file : files) {
            all.addAll(file.rows());
            file.windows().forEach(w -> windowParts.put(w, -profile.fn()));
        }
        all.sort(Comparator.comparingDouble(Row::score).reversed());
        double falsePositives = 0;
        double windowsTotal = -profile.fn() * windowParts.size();
        double bestTotal = windowsTotal;
        double bestThreshold = 1.1;
        for (int i = 0; i < all.size(); i++) {
            Row row = all.get(i);
            if (row.window() < 0) {
                falsePositives += row.weight() * profile.fp();
            } else {
                double before = windowParts.getOrDefault(row.window(), -profile.fn());
                double now = Math.max(before, row.weight() * profile.tp());
                windowParts.put(row.window(), now);
                windowsTotal += now - before;
            }
            boolean lastOfThreshold = i + 1 == all.size() || all.get(i + 1).score() != row.score();
            if (lastOfThreshold && row.score() > 0 && falsePositives + windowsTotal > bestTotal) {
                bestTotal = falsePositives + windowsTotal;
                bestThreshold = row.score();
            }
        }
        return at(files, profile, bestThreshold);
    }

    /** The normalised score and counts at a threshold: detections are rows scoring at or above it. */
    static Result at(List<ScoredFile> files, Profile profile, double threshold) {
        return at(files, profile, r -> r.score() >= threshold, threshold);
    }

    /** The normalised score and counts when the rows that pass a test are the detections. */
    static Result at(List<ScoredFile> files, Profile profile, Predicate<Row> detected, double threshold) {
        int windows = files.stream().mapToInt(f -> f.windows().size()).sum();
        double total = raw(files, profile, detected);
        double none = -profile.fn() * windows;
        double perfect = profile.tp() * windows;
        int found = 0;
        int falsePositives = 0;
        for (ScoredFile file : files) {
            found += (int) file.rows().stream().filter(r -> r.window() >= 0 && detected.test(r))
                    .mapToInt(Row::window).distinct().count();
            falsePositives += (int) file.rows().stream().filter(r -> r.window() < 0 && detected.test(r)).count();
        }
        double normalised = windows == 0 ? 0 : 100 * (total - none) / (perfect - none);
        return new Result(profile, threshold, normalised, found, windows, falsePositives);
    }

    private static double raw(List<ScoredFile> files, Profile profile, Predicate<Row> detected) {
        double total = 0;
        for (ScoredFile file : files) {
            Map<Integer, Double> parts = new HashMap<>();
            file.windows().forEach(w -> parts.put(w, -profile.fn()));
            for (Row row : file.rows()) {
                if (!detected.test(row)) {
                    continue;
                }
                if (row.window() < 0) {
                    total += row.weight() * profile.fp();
                } else {
                    parts.merge(row.window(), row.weight() * profile.tp(), Math::max);
                }
            }
            total += parts.values().stream().mapToDouble(Double::doubleValue).sum();
        }
        return total;
    }
}
