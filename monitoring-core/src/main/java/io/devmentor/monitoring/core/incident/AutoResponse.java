package io.devmentor.monitoring.core.incident;

import io.devmentor.monitoring.api.RestartPolicy;
import io.devmentor.monitoring.api.RestartResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.api.TimelineEntry;
import io.devmentor.monitoring.core.Actor;
import io.devmentor.monitoring.core.ServiceState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The auto-response policy: a service's restart policy applied once its failures in a row reach the policy's
 * count, within its cooldown and hourly limit, and a restart by hand; each request and outcome goes on the
 * service's outage incident. Called under the incident stage's lock.
 */
final class AutoResponse {

    /** Where a line goes on a service's active outage incident, if it has one; takes the incident stage's lock. */
    interface OutageNotes {
        void note(String service, TimelineEntry entry);
    }

    private final ServiceControl control;
    private final Clock clock;
    private final OutageNotes notes;

    AutoResponse(ServiceControl control, Clock clock, OutageNotes notes) {
        this.control = control;
        this.clock = clock;
        this.notes = notes;
    }

    /** After a failed check of a service with an active outage: restarts it when its policy says so. */
    void afterFailure(ServiceState state, ServiceTrack track, Instant now) {
        ServiceDefinition service = state.definition();
        Optional<RestartPolicy> policy = service.autoRestart();
        if (policy.isEmpty() || track.downIncident == null || state.consecutiveFailures() < policy.get().after()) {
            return;
        }
        if (control.controllerFor(service).isEmpty()) {
            if (!track.restartUnavailableNoted) {
                track.restartUnavailableNoted = true;
                notes.note(service.name(), new TimelineEntry(now, IncidentManager.ENGINE, "restart.unavailable",
                        "auto-restart is configured, but no service controller can restart " + service.name(),
                        Map.of()));
            }
            return;
        }
        switch (control.decide(service, policy.get())) {
            case RESTART:
                restart(service, Actor.ENGINE, "after " + state.consecutiveFailures()
                        + " failed checks in a row");
                break;
            case LIMIT_REACHED:
                if (!track.restartLimitEscalated) {
                    track.restartLimitEscalated = true;
                    notes.note(service.name(), new TimelineEntry(now, IncidentManager.ENGINE, "escalated",
                            "auto-restart limit reached: " + policy.get().maxPerHour()
                                    + " restarts in the last hour; escalating instead",
                            Map.of("reason", "restart-limit")));
                }
                break;
            default:
                break;
        }
    }

    /**
     * Applies a service's policy now, for one of its incidents, within the policy's limits.
     *
     * @throws IllegalStateException when there is no policy or no controller, or the cooldown or limit holds
     */
    CompletionStage<RestartResult> respond(ServiceDefinition service, String incidentId) {
        RestartPolicy policy = service.autoRestart().orElseThrow(() -> new IllegalStateException(service.name()
                + " has no auto-response policy (autoRestart in the services file)"));
        if (control.controllerFor(service).isEmpty()) {
            throw new IllegalStateException("no service controller can restart " + service.name());
        }
        switch (control.decide(service, policy)) {
            case RESTART:
                return restart(service, Actor.ENGINE, "auto-response applied now to incident " + incidentId);
            case LIMIT_REACHED:
                throw new IllegalStateException("the auto-restart limit of " + service.name() + " is reached: "
                        + policy.maxPerHour() + " restarts in the last hour");
            default:
                throw new IllegalStateException(service.name() + " was restarted moments ago: its cooldown holds");
        }
    }

    /**
     * Restarts a service. A refusal is noted; the engine's own is its outcome, a person's is thrown to them.
     *
     * @throws IllegalStateException when a person asked and the controller refuses
     */
    CompletionStage<RestartResult> restart(ServiceDefinition service, Actor actor, String reason) {
        CompletionStage<RestartResult> result;
        try {
            result = control.restart(service, actor, reason);
        } catch (IllegalStateException e) {
            String refused = String.valueOf(e.getMessage());
            notes.note(service.name(), new TimelineEntry(clock.instant(), actor.name(), "restart.refused", refused,
                    actor.onTimeline(Map.of())));
            if (actor.equals(Actor.ENGINE)) {
                return CompletableFuture.completedFuture(new RestartResult(false, refused, Duration.ZERO));
            }
            throw e;
        }
        notes.note(service.name(), new TimelineEntry(clock.instant(), actor.name(), "restart",
                "restart requested: " + reason, actor.onTimeline(Map.of())));
        return result.whenComplete((outcome, failure) -> {
            if (outcome != null) {
                notes.note(service.name(), new TimelineEntry(clock.instant(), actor.name(),
                        outcome.success() ? "restart.succeeded" : "restart.failed", outcome.message(),
                        Map.of("tookMs", outcome.took().toMillis())));
            }
        });
    }
}
