/** Load harnesses for DevMentor Monitoring; run from the shaded jar, see the README. */
module io.devmentor.monitoring.benchmarks {
    requires io.devmentor.monitoring.core;
    requires jdk.httpserver;
    requires java.management;
    requires jdk.management;
}
