package io.devmentor.monitoring.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A maintenance window scheduled while the engine runs (the services file's are fixed): who scheduled it, when
 * and why.
 *
 * @param id its id
 * @param window the window
 * @param reason why, 1–500 characters
 * @param scheduledBy who scheduled it
 * @param scheduledAt when
 */
public record ScheduledMaintenance(String id, MaintenanceWindow window, String reason, String scheduledBy,
        Instant scheduledAt) {

    /** Validates the components. */
    public ScheduledMaintenance {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(scheduledBy, "scheduledBy");
        Objects.requireNonNull(scheduledAt, "scheduledAt");
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw new IllegalArgumentException("reason must be 1–500 characters");
        }
    }
}
