package io.devmentor.monitoring.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The bearer token that changes need ({@code MONITORING_API_TOKEN}). With none configured every change is
 * refused, with a message that says how to set one. Compared in constant time; never logged or echoed.
 */
final class ApiToken {

    private final Optional<byte[]> expected;

    ApiToken(Optional<String> token) {
        this.expected = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /** Checks an {@code Authorization} header value. */
    void checkHeader(String header) {
        requireConfigured();
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new HttpProblem(401, "this route needs 'Authorization: Bearer <token>'");
        }
        check(header.substring(7).trim());
    }

    /** Checks a token given on its own (a WebSocket message or handshake). */
    void check(@Nullable String presented) {
        requireConfigured();
        if (presented == null || presented.isEmpty()) {
            throw new HttpProblem(401, "the API token is needed");
        }
        if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected.orElseThrow())) {
            throw new HttpProblem(401, "the bearer token is not valid");
        }
    }

    private void requireConfigured() {
        if (expected.isEmpty()) {
            throw new HttpProblem(403, "changes are disabled: set MONITORING_API_TOKEN to a secret and send it as"
                    + " 'Authorization: Bearer <token>'");
        }
    }
}
