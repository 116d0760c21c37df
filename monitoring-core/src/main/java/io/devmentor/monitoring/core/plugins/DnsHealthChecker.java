package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.ServiceDefinition;
import io.devmentor.monitoring.spi.HealthChecker;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Checks that a name resolves, with dnsjava: one query of {@code settings.record} (A, AAAA, CNAME, MX or TXT; A
 * by default) for {@code settings.name} (the service's host by default), to {@code settings.server} (host or
 * host:port; the system's first resolver by default). The answer must be NOERROR with at least one record and,
 * with {@code settings.expect}, one of them must be that value. The details give the answer's code and values.
 */
final class DnsHealthChecker implements HealthChecker {

    private static final Set<String> TYPES = Set.of("A", "AAAA", "CNAME", "MX", "TXT");

    private final Clock clock;
    /** Hands answers on, so that what the engine does with one never holds up dnsjava's I/O thread. */
    private final ExecutorService answers = Executors.newSingleThreadExecutor(
            DaemonThreads.named("monitoring-dns-answers"));

    DnsHealthChecker(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void close() {
        answers.shutdownNow();
    }

    @Override
    public CompletionStage<CheckResult> check(ServiceDefinition service) {
        Map<String, String> settings = service.settings();
        String type = settings.getOrDefault("record", "A").trim().toUpperCase(Locale.ROOT);
        Optional<String> name = Optional.ofNullable(settings.get("name")).map(String::trim)
                .or(service::host).or(() -> service.url().map(URI::getHost));
        if (!TYPES.contains(type)) {
            return done(CheckResult.down(clock.instant(), Duration.ZERO, "settings.record must be one of A, AAAA,"
                    + " CNAME, MX, TXT, was '" + settings.get("record") + "'"));
        }
        if (name.isEmpty() || name.get().isEmpty()) {
            return done(CheckResult.down(clock.instant(), Duration.ZERO, "no name to resolve: give settings.name"));
        }
        Message query;
        Resolver resolver;
        try {
            query = Message.newQuery(Record.newRecord(Name.fromString(name.get(), Name.root), Type.value(type),
                    DClass.IN));
            resolver = resolver(settings.get("server"));
        } catch (TextParseException | UnknownHostException | IllegalArgumentException e) {
            return done(CheckResult.down(clock.instant(), Duration.ZERO, "cannot ask for " + name.get() + ": "
                    + e.getMessage()));
        }
        resolver.setTimeout(service.timeout());
        long started = System.nanoTime();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", name.get());
        details.put("record", type);
        return resolver.sendAsync(query, answers).handle((answer, failure) -> {
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            if (failure != null) {
                Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                return CheckResult.down(clock.instant(), latency, cause instanceof java.net.SocketTimeoutException
                        ? "no answer in " + service.timeout().toMillis() + " ms"
                        : HttpHealthChecker.describe(cause)).withDetails(details);
            }
            return judge(service, answer, type, name.get(), settings.get("expect"), latency, details);
        });
    }

    private CheckResult judge(ServiceDefinition service, Message answer, String type, String name,
            @Nullable String expected, Duration latency, Map<String, Object> details) {
        String rcode = Rcode.string(answer.getRcode());
        details.put("rcode", rcode);
        List<String> values = new ArrayList<>();
        for (Record record : answer.getSection(Section.ANSWER)) {
            if (record.getType() == Type.value(type)) {
                values.add(value(record));
            }
        }
        details.put("values", values);
        if (!service.expect().conditions().isEmpty()) {
            // The service's conditions judge the answer ([DNS_RCODE] == NXDOMAIN is a fine expectation).
            return CheckResult.up(clock.instant(), latency, type + " " + name + ": " + rcode
                    + (values.isEmpty() ? "" : ", " + String.join(", ", values))).withDetails(details);
        }
        if (answer.getRcode() != Rcode.NOERROR) {
            return CheckResult.down(clock.instant(), latency, type + " " + name + ": " + rcode).withDetails(details);
        }
        if (values.isEmpty()) {
            return CheckResult.down(clock.instant(), latency, type + " " + name + ": no record").withDetails(details);
        }
        if (expected != null && values.stream().noneMatch(v -> v.equalsIgnoreCase(expected.trim()))) {
            return CheckResult.down(clock.instant(), latency, type + " " + name + " is " + String.join(", ", values)
                    + ", expected " + expected.trim()).withDetails(details);
        }
        return CheckResult.up(clock.instant(), latency, type + " " + name + ": " + String.join(", ", values))
                .withDetails(details);
    }

    /** A record's value as people write it: an address, a name without its final dot, a TXT's text. */
    private static String value(Record record) {
        String text = record.rdataToString();
        if (record.getType() == Type.TXT && text.startsWith("\"") && text.endsWith("\"")) {
            return text.substring(1, text.length() - 1);
        }
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    private static Resolver resolver(@Nullable String server) throws UnknownHostException {
        if (server == null || server.isBlank()) {
            List<InetSocketAddress> servers = ResolverConfig.getCurrentConfig().servers();
            if (servers.isEmpty()) {
                throw new IllegalArgumentException("no DNS server is configured here: give settings.server");
            }
            return new SimpleResolver(servers.get(0));
        }
        String trimmed = server.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon > 0 && trimmed.indexOf(':') == colon) {
            try {
                return new SimpleResolver(new InetSocketAddress(trimmed.substring(0, colon),
                        Integer.parseInt(trimmed.substring(colon + 1))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("settings.server must be a host or host:port, was '" + server
                        + "'", e);
            }
        }
        return new SimpleResolver(trimmed);
    }

    private static CompletionStage<CheckResult> done(CheckResult result) {
        return CompletableFuture.completedFuture(result);
    }
}
