package io.devmentor.monitoring.api;

/**
 * The kinds of failure the engine tells apart from a failed check's result, the keys of the knowledge base
 * besides the prediction types. Plugins may add their own kinds.
 */
public final class FailureKinds {
    /** Nothing listens on the port. */
    public static final String CONNECTION_REFUSED = "connection_refused";
    /** No answer within the timeout. */
    public static final String TIMEOUT = "timeout";
    /** The host name does not resolve. */
    public static final String DNS = "dns";
    /** The TLS handshake failed: an expired, untrusted or mismatched certificate. */
    public static final String CERTIFICATE = "certificate";
    /** The service answers with server errors. */
    public static final String HTTP_5XX = "http_5xx";
    /** The service refuses the check's request: moved, protected or gone. */
    public static final String HTTP_4XX = "http_4xx";
    /** The answer came but is not what was expected (its body or JSON field). */
    public static final String UNEXPECTED_ANSWER = "unexpected_answer";
    /** A disk is full or about to be. */
    public static final String DISK_FULL = "disk_full";
    /** A metric stayed over its threshold. */
    public static final String THRESHOLD = "threshold";
    /** A dependency of the service failed first. */
    public static final String DEPENDENCY = "dependency";
    /** None of the above. */
    public static final String UNKNOWN = "unknown";

    private FailureKinds() {
    }
}
