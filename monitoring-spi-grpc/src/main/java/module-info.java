/**
 * The gRPC adapter of DevMentor Monitoring: the {@code grpc} health checker, which asks a server the standard
 * {@code grpc.health.v1.Health/Check}, with grpc-java. Depends on the API alone; exports nothing.
 */
module io.devmentor.monitoring.grpc {
    requires io.devmentor.monitoring.api;
    requires static org.jspecify;
    requires io.grpc;
    requires io.grpc.stub;
    requires io.grpc.services;
    requires io.grpc.netty.shaded;
    requires com.google.protobuf;

    provides io.devmentor.monitoring.spi.HealthCheckerProvider
            with io.devmentor.monitoring.grpc.GrpcCheckerProvider;
}
