package io.devmentor.monitoring.core.plugins;

/**
 * At most the first bytes of a response body.
 *
 * @param bytes the bytes read
 * @param truncated whether the body was longer than the bound
 */
@SuppressWarnings("ArrayRecordComponent") // read once where it is made; never compared or kept
record BoundedBody(byte[] bytes, boolean truncated) {
}
