package io.devmentor.monitoring.server;

import org.glassfish.grizzly.http.server.Response;

/**
 * The headers every answer carries: the dashboard and the API reference hold the API token in the page, so they
 * load scripts from this server only (no inline script), cannot be framed by another site, and nothing is
 * sniffed into another type or leaks its address in a referrer.
 */
final class SecurityHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
            + "base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    private SecurityHeaders() {
    }

    static void apply(Response response) {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Frame-Options", "SAMEORIGIN");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}
