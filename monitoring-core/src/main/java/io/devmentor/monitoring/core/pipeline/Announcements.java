package io.devmentor.monitoring.core.pipeline;

import io.devmentor.monitoring.api.Incident;
import java.util.List;

/** What event rules may ask of notifications: tell channels of something now, outside any escalation. */
public interface Announcements {

    /** Sends a notification about an incident to the given channels now. */
    void announce(Incident subject, String why, List<String> to);
}
