package io.devmentor.monitoring.server;

import org.jspecify.annotations.Nullable;

/**
 * A request the server refuses, with the status and a message that says what is wrong. Made from another
 * exception's message, which may be missing: then the status's own words say it.
 */
final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String message;

    HttpProblem(int status, @Nullable String message) {
        super(message, null, false, false);
        this.status = status;
        this.message = message != null ? message : switch (status) {
            case 400 -> "bad request";
            case 404 -> "not found";
            case 409 -> "conflict";
            default -> "refused (" + status + ")";
        };
    }

    int status() {
        return status;
    }

    /** What is wrong, never null. */
    String message() {
        return message;
    }

    static HttpProblem badRequest(@Nullable String message) {
        return new HttpProblem(400, message);
    }

    static HttpProblem notFound(@Nullable String message) {
        return new HttpProblem(404, message);
    }
}
