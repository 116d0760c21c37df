# DevMentor Monitoring server: the Maven build, then a slim Java 17 runtime.
#   docker build -t devmentor-monitoring .
#   docker run -p 3006:3006 -v devmentor-data:/var/lib/devmentor/data devmentor-monitoring

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -ntp -DskipTests package

FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 monitoring \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/devmentor --shell /usr/sbin/nologin monitoring \
 && mkdir -p /var/lib/devmentor/data /var/lib/devmentor/logs /opt/devmentor/plugins \
 && chown -R 10001:10001 /var/lib/devmentor
COPY --from=build /src/monitoring-server/target/monitoring-server.jar /opt/devmentor/monitoring-server.jar
# The JVM's class archive of the jar, made with this image's own JVM: it halves the start.
RUN java -XX:ArchiveClassesAtExit=/opt/devmentor/monitoring-server.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
      -jar /opt/devmentor/monitoring-server.jar class-archive
WORKDIR /var/lib/devmentor
ENV PORT=3006 \
    MONITORING_DATA_DIR=/var/lib/devmentor/data \
    MONITORING_LOG_DIR=/var/lib/devmentor/logs \
    MONITORING_PLUGINS_DIR=/opt/devmentor/plugins \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
VOLUME ["/var/lib/devmentor/data"]
EXPOSE 3006
USER 10001:10001
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["java", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData", "-Xshare:auto", "-jar", "/opt/devmentor/monitoring-server.jar", "healthcheck"]
# The class archive halves the start; the serial collector with a small first heap and the quick compiler alone keep
# the footprint small and, on two cores, took no more CPU per check than G1 and both compilers (docs/benchmarks.md);
# compiling a method after a tenth of the usual calls leaves the checks' code interpreted for seconds rather than
# minutes at rest; without performance counters the JVM does not sample them twenty times a second at rest.
# For thousands of services, G1 with a heap limit keeps the schedule (docs/benchmarks.md): override the entrypoint
# with -XX:+UseG1GC -Xmx… in place of -XX:+UseSerialGC -Xms16m.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/opt/devmentor/monitoring-server.jsa", "-XX:+UseSerialGC", "-Xms16m", "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.1", "-XX:-UsePerfData", "-jar", "/opt/devmentor/monitoring-server.jar"]
