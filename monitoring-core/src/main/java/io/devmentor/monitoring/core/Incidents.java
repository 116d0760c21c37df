package io.devmentor.monitoring.core;

import io.devmentor.monitoring.api.Incident;
import io.devmentor.monitoring.api.IncidentPage;
import io.devmentor.monitoring.api.IncidentQuery;
import io.devmentor.monitoring.api.IncidentSeverity;
import java.util.List;
import java.util.Optional;

/**
 * The incidents of an engine: opened by the engine when a service fails, or by people; acknowledged,
 * commented and resolved by people or, on recovery, by the engine. Every change is stored before the
 * method returns, and goes on the incident's timeline with its time and actor.
 *
 * <p>Failures are reported as exceptions: {@link java.util.NoSuchElementException} for an unknown id,
 * {@link IllegalStateException} for a change the incident's status does not allow,
 * {@link IllegalArgumentException} for bad input, and {@link IncidentStorageException} when the store
 * cannot be written.
 */
public interface Incidents {

    /**
     * Opens an incident by hand.
     *
     * @param service the service it is about
     * @param description what is wrong, 1–2,000 characters
     * @param severity how serious it is
     * @param actor who opens it
     * @return the new incident
     */
    Incident open(String service, String description, IncidentSeverity severity, Actor actor);

    /**
     * Opens an incident by hand, for a user of this name.
     *
     * @param service the service it is about
     * @param description what is wrong, 1–2,000 characters
     * @param severity how serious it is
     * @param actor who opens it
     * @return the new incident
     */
    default Incident open(String service, String description, IncidentSeverity severity, String actor) {
        return open(service, description, severity, Actor.user(actor));
    }

    /**
     * Finds an incident.
     *
     * @param id its id
     * @return the incident with its timeline, when there is one
     */
    Optional<Incident> find(String id);

    /**
     * Queries incidents, newest first.
     *
     * @param query the filters and page
     * @return the page and the total number that match
     */
    IncidentPage query(IncidentQuery query);

    /**
     * The incidents not yet resolved, newest first.
     *
     * @return the open and acknowledged incidents
     */
    List<Incident> active();

    /**
     * Acknowledges an open incident: somebody is on it.
     *
     * @param id its id
     * @param actor who acknowledges
     * @param note an optional note for the timeline
     * @return the incident as it is now
     */
    Incident acknowledge(String id, Actor actor, Optional<String> note);

    /**
     * As {@link #acknowledge(String, Actor, Optional)}, for a user of this name.
     *
     * @param id its id
     * @param actor who acknowledges
     * @param note an optional note for the timeline
     * @return the incident as it is now
     */
    default Incident acknowledge(String id, String actor, Optional<String> note) {
        return acknowledge(id, Actor.user(actor), note);
    }

    /**
     * Resolves an incident that is open or acknowledged.
     *
     * @param id its id
     * @param actor who resolves
     * @param note an optional note for the timeline
     * @return the incident as it is now
     */
    Incident resolve(String id, Actor actor, Optional<String> note);

    /**
     * As {@link #resolve(String, Actor, Optional)}, for a user of this name.
     *
     * @param id its id
     * @param actor who resolves
     * @param note an optional note for the timeline
     * @return the incident as it is now
     */
    default Incident resolve(String id, String actor, Optional<String> note) {
        return resolve(id, Actor.user(actor), note);
    }

    /**
     * Adds a comment to an incident's timeline.
     *
     * @param id its id
     * @param actor who comments
     * @param text the comment, 1–2,000 characters
     * @return the incident as it is now
     */
    Incident comment(String id, Actor actor, String text);

    /**
     * As {@link #comment(String, Actor, String)}, for a user of this name.
     *
     * @param id its id
     * @param actor who comments
     * @param text the comment, 1–2,000 characters
     * @return the incident as it is now
     */
    default Incident comment(String id, String actor, String text) {
        return comment(id, Actor.user(actor), text);
    }
}
