package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.IncidentSeverity;
import java.util.Objects;

/**
 * How the engine opens and closes incidents.
 *
 * @param autoResolveAfter successful checks in a row that resolve an outage's incident
 * @param flapWindow how many recent checks the flapping detection looks at
 * @param flapHighPercent above this weighted percent state change a service starts flapping
 * @param flapLowPercent below this it stops flapping (hysteresis)
 * @param criticalDownSeverity the severity of a critical service's outage
 * @param downSeverity the severity of another service's outage
 * @param manyServicesDown from this many services down at once, an outage is critical
 * @param thresholdDuration a threshold breach that lasts this long opens an incident
 * @param thresholdSeverity the severity of such an incident; one level higher when the value is twice the threshold
 * @param maintenance the maintenance windows
 */
public record IncidentSettings(int autoResolveAfter, int flapWindow, double flapHighPercent, double flapLowPercent,
        IncidentSeverity criticalDownSeverity, IncidentSeverity downSeverity, int manyServicesDown,
        java.time.Duration thresholdDuration, IncidentSeverity thresholdSeverity, java.util.List<MaintenanceWindow> maintenance) {

    /**
     * Resolve after 3 good checks; flapping over 21 checks between 25 % and 50 %; 3 outages at once are
     * critical; a threshold breach of a minute opens a medium incident; no maintenance windows.
     */
    public static final IncidentSettings DEFAULTS = new IncidentSettings(3, 21, 50, 25, IncidentSeverity.CRITICAL,
            IncidentSeverity.HIGH, 3, java.time.Duration.ofMinutes(1), IncidentSeverity.MEDIUM, java.util.List.of());

    /** Validates the components. */
    public IncidentSettings {
        if (autoResolveAfter < 1 || autoResolveAfter > 1000) {
            throw new IllegalArgumentException("autoResolveAfter must be 1–1000, was " + autoResolveAfter);
        }
        if (flapWindow < 3 || flapWindow > 1000) {
            throw new IllegalArgumentException("flapWindow must be 3–1000, was " + flapWindow);
        }
        if (!(flapLowPercent >= 0 && flapLowPercent < flapHighPercent && flapHighPercent <= 100)) {
            throw new IllegalArgumentException("need 0 <= flapLowPercent < flapHighPercent <= 100, were "
                    + flapLowPercent + " and " + flapHighPercent);
        }
        Objects.requireNonNull(criticalDownSeverity, "criticalDownSeverity");
        Objects.requireNonNull(downSeverity, "downSeverity");
        Objects.requireNonNull(thresholdDuration, "thresholdDuration");
        if (thresholdDuration.isNegative()) {
            throw new IllegalArgumentException("thresholdDuration must not be negative, was " + thresholdDuration.toMillis());
        }
        Objects.requireNonNull(thresholdSeverity, "thresholdSeverity");
        maintenance = java.util.List.copyOf(maintenance);
        if (manyServicesDown < 2) {
            throw new IllegalArgumentException("manyServicesDown must be at least 2, was " + manyServicesDown);
        }
    }
}
