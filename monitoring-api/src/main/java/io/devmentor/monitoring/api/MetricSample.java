package io.devmentor.monitoring.api;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One reading of one series. The series is identified by its name and tags; names are dotted
 * lower-case words ({@code system.cpu.usage.percent}) and become {@code system_cpu_usage_percent} in
 * Prometheus.
 *
 * @param name the series name
 * @param type the kind of metric
 * @param value the value of a gauge or counter; the sum of a histogram or summary
 * @param count the number of observations of a histogram or summary; 0 otherwise
 * @param tags the series' tags
 * @param baseUnit the unit, such as {@code bytes} or {@code seconds}, appended to the Prometheus name
 * @param points bucket upper bounds to counts (histogram) or quantiles to values (summary); empty otherwise
 */
public record MetricSample(String name, MetricType type, double value, long count, Map<String, String> tags,
        Optional<String> baseUnit, Map<Double, Double> points) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*");

    /** Validates and copies the components. */
    public MetricSample {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name must be dotted lower-case words, was '" + name + "'");
        }
        Objects.requireNonNull(type, "type");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, was " + count);
        }
        tags = Map.copyOf(tags);
        Objects.requireNonNull(baseUnit, "baseUnit");
        points = Map.copyOf(points);
    }

    /**
     * A gauge reading.
     *
     * @param name the series name
     * @param value the value
     * @param tags the series' tags
     * @return the sample
     */
    public static MetricSample gauge(String name, double value, Map<String, String> tags) {
        return new MetricSample(name, MetricType.GAUGE, value, 0, tags, Optional.empty(), Map.of());
    }

    /**
     * A counter reading.
     *
     * @param name the series name, without {@code _total}
     * @param value the cumulative value
     * @param tags the series' tags
     * @return the sample
     */
    public static MetricSample counter(String name, double value, Map<String, String> tags) {
        return new MetricSample(name, MetricType.COUNTER, value, 0, tags, Optional.empty(), Map.of());
    }

    /**
     * The series' key, as history stores and queries name it: the name, then the tags sorted by key,
     * {@code service.response.time{service=auth}}.
     *
     * @return the key
     */
    public String seriesKey() {
        if (tags.isEmpty()) {
            return name;
        }
        StringBuilder key = new StringBuilder(name).append('{');
        tags.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(tag -> {
            if (key.charAt(key.length() - 1) != '{') {
                key.append(',');
            }
            key.append(tag.getKey()).append('=').append(tag.getValue());
        });
        return key.append('}').toString();
    }

    /**
     * A copy with a base unit.
     *
     * @param unit the unit, such as {@code bytes}
     * @return the copy
     */
    public MetricSample withBaseUnit(String unit) {
        return new MetricSample(name, type, value, count, tags, Optional.of(unit), points);
    }
}
