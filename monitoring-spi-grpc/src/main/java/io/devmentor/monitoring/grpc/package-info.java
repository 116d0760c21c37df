/** The gRPC health checker. Nothing here is public but the provider. */
package io.devmentor.monitoring.grpc;
