package io.devmentor.monitoring.api;

/** The seed's four kinds of metric. */
public enum MetricType {
    /** A current value, such as CPU usage. */
    GAUGE,
    /** A cumulative value that only grows, such as a request count. */
    COUNTER,
    /** A distribution in buckets, such as response times. */
    HISTOGRAM,
    /** A statistical summary with quantiles. */
    SUMMARY
}
