package io.devmentor.monitoring.core.plugins;

/**
 * An answer's status code and the start of its body.
 *
 * @param code the HTTP status code
 * @param body at most the checker's limit of the body
 */
record BoundedResponse(int code, String version, BoundedBody body) {
}
