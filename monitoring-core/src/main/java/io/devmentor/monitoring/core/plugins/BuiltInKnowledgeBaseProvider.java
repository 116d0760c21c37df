package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.FailureKinds;
import io.devmentor.monitoring.api.PredictionTypes;
import io.devmentor.monitoring.api.Suggestion;
import io.devmentor.monitoring.spi.KnowledgeBase;
import io.devmentor.monitoring.spi.KnowledgeBaseProvider;
import io.devmentor.monitoring.spi.PluginContext;
import java.util.List;

/** Provides the built-in knowledge base: next steps for each failure kind and prediction type. */
public final class BuiltInKnowledgeBaseProvider implements KnowledgeBaseProvider {

    private static final List<Suggestion> ENTRIES = List.of(
            new Suggestion(FailureKinds.CONNECTION_REFUSED, "Nothing listens on the service's port", List.of(
                    "Check that the process runs (systemctl status, docker ps, kubectl get pods) and why it stopped:"
                            + " its last log lines, an OOM kill in dmesg or the container's exit code.",
                    "Check that it listens where the check looks: ss -ltnp on its host, the port in its"
                            + " configuration, a changed Service or port mapping.",
                    "Restart it if it crashed (POST /api/services/{service}/restart where a controller allows it),"
                            + " then keep the crash's cause on the incident.")),
            new Suggestion(FailureKinds.TIMEOUT, "The service does not answer in time", List.of(
                    "See whether it is saturated: CPU, thread or connection pool exhaustion, long GC pauses.",
                    "See whether it waits on a slow dependency: its database, a downstream API (their response"
                            + " times on this incident's analysis).",
                    "Check the network path: a firewall rule dropping packets, a full conntrack table.",
                    "Raise the check's timeout only if the service is known to be this slow by design.")),
            new Suggestion(FailureKinds.DNS, "The service's host name does not resolve", List.of(
                    "Resolve it from the monitoring host: getent hosts <name>; compare with another resolver.",
                    "Check a recent DNS or service-discovery change: a renamed Service, an expired record.",
                    "Check the resolver itself: /etc/resolv.conf, the cluster DNS pods.")),
            new Suggestion(FailureKinds.CERTIFICATE, "The TLS handshake fails", List.of(
                    "Read the certificate: openssl s_client -connect host:443 -servername host | openssl x509"
                            + " -noout -dates -subject; an expired one is the usual cause.",
                    "Renew and deploy it (certbot renew, cert-manager's Certificate status), then reload the server.",
                    "Check the chain and the name: an intermediate missing or a host name not in the certificate.")),
            new Suggestion(FailureKinds.HTTP_5XX, "The service answers with server errors", List.of(
                    "Read its error log around the incident's start: the stack trace names the failing part.",
                    "Check what changed then: a deploy (roll back if it matches), a configuration or a migration.",
                    "Check its dependencies: a 5xx burst often follows a database or downstream failure.")),
            new Suggestion(FailureKinds.HTTP_4XX, "The service refuses the check's request", List.of(
                    "Call the health URL by hand: a moved route (404), an added authentication (401/403).",
                    "Fix the check's URL or give it a way in, or fix the route if it moved by mistake.")),
            new Suggestion(FailureKinds.UNEXPECTED_ANSWER, "The answer is not what the check expects", List.of(
                    "Compare the body on the incident with the expectation in the service's configuration.",
                    "A degraded dependency often shows in the health document first: read which part reports it.")),
            new Suggestion(FailureKinds.DISK_FULL, "A disk is full or filling", List.of(
                    "Find what grows: du -xh --max-depth=2 on the mount, sorted; logs, temporary files, old backups.",
                    "Rotate or delete what is not needed (logrotate, retention settings), or grow the volume.",
                    "A process may hold a deleted file open: lsof +L1, then restart it.")),
            new Suggestion(FailureKinds.THRESHOLD, "A metric stays over its threshold", List.of(
                    "Find the process behind it: top -o %CPU or %MEM, the service's own metrics.",
                    "Decide whether it is load (scale out) or a fault (a loop, a leak): compare with the same hour"
                            + " of previous days in the Metrics view.")),
            new Suggestion(FailureKinds.DEPENDENCY, "A dependency failed first", List.of(
                    "Work on the dependency's incident: this one resolves with it.",
                    "Check that the service degrades gracefully while its dependency is away: timeouts, circuit"
                            + " breakers, cached answers.")),
            new Suggestion(FailureKinds.UNKNOWN, "The service fails its checks", List.of(
                    "Read the check's message and the service's log around the incident's start.",
                    "Check what changed then: a deploy, a configuration, the infrastructure under it.")),
            new Suggestion(PredictionTypes.MEMORY_LEAK, "Memory use keeps rising after collections", List.of(
                    "Take two heap dumps some minutes apart (jcmd <pid> GC.heap_dump) and compare what grows.",
                    "Usual causes: caches without a bound, listeners never removed, collections that only fill,"
                            + " ThreadLocals on pooled threads.",
                    "A restart buys time, not a fix: plan it before the time to full.")),
            new Suggestion(PredictionTypes.PERFORMANCE_DEGRADATION, "Response times moved above their baseline", List.of(
                    "Compare with what changed when it began: a deploy, more traffic, a slower dependency.",
                    "Look for saturation: CPU, connection pools, GC pauses, slow queries (pg_stat_statements).")),
            new Suggestion(PredictionTypes.CAPACITY_PLANNING, "A bounded resource will be full", List.of(
                    "Find what fills it and whether it should: logs, data, caches, a queue not drained.",
                    "Clean, rotate or bound it, or add capacity before the predicted time to full.")),
            new Suggestion(PredictionTypes.FAILURE_PREDICTION, "The service shows signs of failing soon", List.of(
                    "Read its recent failed checks and errors now, and its dependencies' state.",
                    "Prepare a restart or a failover; hold deploys until it is steady again.")),
            new Suggestion(PredictionTypes.ANOMALY_DETECTION, "A series behaves unlike its own history", List.of(
                    "Look at what changed when it began and at the series that moved with it.",
                    "If it is the new normal (a release, new traffic), it stops being reported by itself.")));

    @Override
    public String name() {
        return "built-in";
    }

    @Override
    public KnowledgeBase create(PluginContext context) {
        return () -> ENTRIES;
    }
}
