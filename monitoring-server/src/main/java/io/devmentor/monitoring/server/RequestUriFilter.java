package io.devmentor.monitoring.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.HttpServerFilter;

/**
 * Refuses with a JSON 400, before any handler, a request whose path or query is not valid percent-encoded
 * UTF-8, or whose path holds an encoded {@code /}, {@code \} or NUL, a {@code .} or {@code ..} segment, or under
 * {@code /api/} an empty one: Grizzly would answer those with an empty 500 (or decode them as the route saw fit),
 * and a stack trace in the log.
 */
final class RequestUriFilter extends BaseFilter {

    private RequestUriFilter() {
    }

    /** The add-on, inserted before Grizzly's HTTP server filter. */
    static AddOn addOn() {
        return (listener, builder) -> builder.add(builder.indexOfType(HttpServerFilter.class), new RequestUriFilter());
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof HttpContent content
                && content.getHttpHeader() instanceof HttpRequestPacket request) {
            Optional<String> problem = problem(request.getRequestURI(), true)
                    .or(() -> segmentProblem(request.getRequestURI()))
                    .or(() -> problem(request.getQueryString(), false));
            if (problem.isPresent()) {
                return FilterAnswers.refuse(ctx, content, 400, "Bad Request", problem.get());
            }
        }
        return ctx.getInvokeAction();
    }

    /** What is wrong with a raw path or query, if anything. */
    static Optional<String> problem(String raw, boolean path) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        String part = path ? "the path" : "the query";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int value = i + 2 < raw.length() ? hex(raw.charAt(i + 1), raw.charAt(i + 2)) : -1;
                if (value < 0) {
                    return Optional.of(part + " has a '%' that is not followed by two hex digits");
                }
                if (path && (value == '/' || value == '\\' || value == 0)) {
                    return Optional.of("the path may not hold an encoded '/', '\\' or NUL");
                }
                bytes.write(value);
                i += 2;
            } else {
                bytes.write(c > 0x7f ? '?' : c);
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()));
            return Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.of(part + " is not valid UTF-8 once percent-decoded");
        }
    }

    /**
     * What is wrong with a valid path's segments: {@code .} and {@code ..} (raw or encoded) anywhere, which name
     * nothing here and which Grizzly answers with an empty 500; an empty segment under {@code /api/}, where every
     * segment is a name ({@code /api/services//restart}).
     */
    static Optional<String> segmentProblem(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        String[] segments = raw.split("/", -1);
        for (String segment : segments) {
            String lower = segment.toLowerCase(java.util.Locale.ROOT).replace("%2e", ".");
            if (lower.equals(".") || lower.equals("..")) {
                return Optional.of("the path may not hold '.' or '..' segments");
            }
        }
        if (raw.startsWith("/api/")) {
            for (int i = 1; i < segments.length; i++) {
                if (segments[i].isEmpty()) {
                    return Optional.of("the path has an empty segment: a name is missing");
                }
            }
        }
        return Optional.empty();
    }

    private static int hex(char high, char low) {
        int h = Character.digit(high, 16);
        int l = Character.digit(low, 16);
        return h < 0 || l < 0 ? -1 : h * 16 + l;
    }
}
