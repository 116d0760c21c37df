package io.devmentor.monitoring.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeAndTimeBasedRollingPolicy;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.util.FileSize;
import java.nio.charset.StandardCharsets;
import net.logstash.logback.encoder.LogstashEncoder;
import org.jspecify.annotations.Nullable;

/**
 * The server's logging, set up in code rather than from an XML file: logback's XML reader loads about 400 classes
 * and takes a quarter of the server's start. Console, plus {@code logs/combined.log} (everything) and
 * {@code logs/error.log} (errors), as the seed's troubleshooting expects; both roll daily and at 10 MB, keep 7 days
 * and at most 100 MB each. {@code MONITORING_LOG_DIR} moves the files; {@code LOG_LEVEL} sets the level of the
 * monitoring packages. {@code LOG_FORMAT=json} writes one JSON object a line to all three instead of text (for Loki,
 * Elasticsearch and the like): logstash-logback-encoder's fields, with what a line is about ({@code service},
 * {@code incidentId}, {@code correlationId}) and the {@code instance} as fields of their own. A {@code -Dlogback.configurationFile} of the operator's, or a {@code logback-test.xml} on the
 * class path, is read instead.
 */
public final class LoggingConfigurator extends ContextAwareBase implements Configurator {

    /** The logger context's property that names this instance in structured logs. */
    public static final String INSTANCE = "instance";
    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - %msg%n";

    /** Made by logback, through {@link java.util.ServiceLoader}. */
    public LoggingConfigurator() {
        // nothing to set up before configure
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LoggingConfigurator.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String directory = setting("MONITORING_LOG_DIR", "logs");
        String format = setting("LOG_FORMAT", "text").trim().toLowerCase(java.util.Locale.ROOT);
        boolean json = format.equals("json");
        // The instance's name until the engine knows its id (see Main): a field of every JSON line.
        context.putProperty(INSTANCE, setting("MONITORING_INSTANCE_ID", setting("HOSTNAME", "local")));
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("CONSOLE");
        console.setEncoder(encoder(context, json));
        console.start();
        root.addAppender(console);
        root.addAppender(rollingFile(context, directory, "combined", null, json));
        root.addAppender(rollingFile(context, directory, "error", Level.ERROR, json));
        if (!json && !format.equals("text")) {
            root.warn("LOG_FORMAT must be text or json, was '{}': writing text", format);
        }

        context.getLogger("io.devmentor.monitoring").setLevel(Level.toLevel(setting("LOG_LEVEL", "INFO"), Level.INFO));
        context.getLogger("org.glassfish").setLevel(Level.WARN);
        // socket.io-server logs every malformed packet a client sends as a WARNING with a stack trace; the session
        // is closed all the same, and a client must not be able to fill the logs.
        context.getLogger("io.socket").setLevel(Level.ERROR);
        context.getLogger("oshi").setLevel(Level.WARN);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Appender<ILoggingEvent> rollingFile(LoggerContext context, String directory, String name,
            @Nullable Level threshold, boolean json) {
        RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
        appender.setContext(context);
        appender.setName(name.toUpperCase(java.util.Locale.ROOT));
        appender.setFile(directory + "/" + name + ".log");
        SizeAndTimeBasedRollingPolicy<ILoggingEvent> policy = new SizeAndTimeBasedRollingPolicy<>();
        policy.setContext(context);
        policy.setParent(appender);
        policy.setFileNamePattern(directory + "/" + name + ".%d{yyyy-MM-dd}.%i.log");
        policy.setMaxFileSize(FileSize.valueOf("10MB"));
        policy.setMaxHistory(7);
        policy.setTotalSizeCap(FileSize.valueOf("100MB"));
        policy.start();
        appender.setRollingPolicy(policy);
        appender.setEncoder(encoder(context, json));
        if (threshold != null) {
            ThresholdFilter filter = new ThresholdFilter();
            filter.setLevel(threshold.levelStr);
            filter.start();
            appender.addFilter(filter);
        }
        appender.start();
        return appender;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
        if (json) {
            // The logger context's properties (the instance) and SLF4J's key-value pairs become top-level fields.
            LogstashEncoder encoder = new LogstashEncoder();
            encoder.setContext(context);
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    /** As logback's own {@code ${NAME:-default}}: a system property, else the environment, else the default. */
    private static String setting(String name, String otherwise) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? otherwise : value;
    }
}
