package io.devmentor.monitoring.core.plugins;

/**
 * At most the first bytes of a response body.
 *
 * @param bytes the bytes read
 * @param truncated whether the body was longer than the bound
 */
record BoundedBody(byte[] bytes, boolean truncated) {
}
