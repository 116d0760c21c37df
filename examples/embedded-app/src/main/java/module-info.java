/** An example host application that embeds DevMentor Monitoring. */
module io.devmentor.monitoring.examples.embedded {
    requires io.devmentor.monitoring.core;
    requires jdk.httpserver;
}
