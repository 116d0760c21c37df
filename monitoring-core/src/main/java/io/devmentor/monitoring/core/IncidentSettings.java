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
 */
public record IncidentSettings(int autoResolveAfter, int flapWindow, double flapHighPercent, double flapLowPercent,
        IncidentSeverity criticalDownSeverity, IncidentSeverity downSeverity, int manyServicesDown) {

    /** Resolve after 3 good checks; flapping over 21 checks between 25 % and 50 %; 3 outages at once are critical. */
    public static final IncidentSettings DEFAULTS = new IncidentSettings(3, 21, 50, 25, IncidentSeverity.CRITICAL,
            IncidentSeverity.HIGH, 3);

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
        if (manyServicesDown < 2) {
            throw new IllegalArgumentException("manyServicesDown must be at least 2, was " + manyServicesDown);
        }
    }
}
