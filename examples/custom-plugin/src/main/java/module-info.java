/**
 * An example plugin: the {@code heartbeat} health checker. It depends on the API alone, as every
 * third-party plugin does, and declares its provider twice (here and in {@code META-INF/services}).
 */
module io.devmentor.monitoring.examples.heartbeat {
    requires io.devmentor.monitoring.api;

    provides io.devmentor.monitoring.spi.HealthCheckerProvider
            with io.devmentor.monitoring.examples.heartbeat.HeartbeatCheckerProvider;
}
