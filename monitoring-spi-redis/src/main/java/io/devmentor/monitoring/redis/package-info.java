/** The Redis event transport. Nothing here is public but the provider. */
package io.devmentor.monitoring.redis;
