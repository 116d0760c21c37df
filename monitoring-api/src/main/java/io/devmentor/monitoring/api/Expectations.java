package io.devmentor.monitoring.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a healthy answer looks like, beyond answering at all.
 *
 * @param statusCodes the HTTP status codes that count as healthy; empty means any 2xx or 3xx
 * @param jsonField a field of the JSON body that must have a given value
 * @param maxResponseTime above this the service is {@link HealthStatus#DEGRADED}; empty means the
 *     service's response-time threshold
 * @param conditions conditions in Gatus' form that an answer must meet, such as {@code [STATUS] == 200} or
 *     {@code [BODY].checks.db == ok}; with any, an HTTP status code is judged by them and {@code statusCodes}
 *     only, not by the 2xx-or-3xx default
 */
public record Expectations(Set<Integer> statusCodes, Optional<JsonFieldCondition> jsonField,
        Optional<Duration> maxResponseTime, List<String> conditions) {

    /** Any 2xx or 3xx, no body condition, the threshold as the response-time limit. */
    public static final Expectations DEFAULT = new Expectations(Set.of(), Optional.empty(), Optional.empty());

    /**
     * Expectations without conditions.
     *
     * @param statusCodes the HTTP status codes that count as healthy; empty means any 2xx or 3xx
     * @param jsonField a field of the JSON body that must have a given value
     * @param maxResponseTime above this the service is degraded
     */
    public Expectations(Set<Integer> statusCodes, Optional<JsonFieldCondition> jsonField,
            Optional<Duration> maxResponseTime) {
        this(statusCodes, jsonField, maxResponseTime, List.of());
    }

    /**
     * These expectations with conditions.
     *
     * @param more the conditions
     * @return new expectations
     */
    public Expectations withConditions(List<String> more) {
        return new Expectations(statusCodes, jsonField, maxResponseTime, more);
    }

    /** Validates and copies the components. */
    public Expectations {
        statusCodes = Set.copyOf(statusCodes);
        for (int code : statusCodes) {
            if (code < 100 || code > 599) {
                throw new IllegalArgumentException("expected status codes must be 100–599, was " + code);
            }
        }
        Objects.requireNonNull(jsonField, "jsonField");
        Objects.requireNonNull(maxResponseTime, "maxResponseTime");
        conditions = List.copyOf(conditions);
        maxResponseTime.ifPresent(limit -> {
            if (limit.isNegative() || limit.isZero()) {
                throw new IllegalArgumentException("maxResponseTime must be positive, was " + limit.toMillis());
            }
        });
    }

    /**
     * Whether a condition reads the body ({@code [BODY]}): a checker then gives the body it read in its result's
     * details, under {@link CheckResult#BODY_FOR_CONDITIONS}.
     *
     * @return true when one does
     */
    public boolean needsBody() {
        return conditions.stream().anyMatch(condition -> condition.contains("[BODY]"));
    }

    /**
     * Whether an HTTP status code counts as healthy.
     *
     * @param code the status code
     * @return true when healthy
     */
    public boolean accepts(int code) {
        if (statusCodes.isEmpty()) {
            return !conditions.isEmpty() || (code >= 200 && code < 400);
        }
        return statusCodes.contains(code);
    }

    /**
     * A condition on one field of a JSON body.
     *
     * @param path the field, with dots for nesting ({@code checks.db.status})
     * @param equals the value it must have, compared as text
     */
    public record JsonFieldCondition(String path, String equals) {
        /** Validates the components. */
        public JsonFieldCondition {
            MonitoringEvent.requireText(path, "jsonField.path");
            Objects.requireNonNull(equals, "jsonField.equals");
        }
    }
}
