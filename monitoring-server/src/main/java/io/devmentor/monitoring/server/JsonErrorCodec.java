package io.devmentor.monitoring.server;

import java.io.IOException;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.http.ContentEncoding;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.memory.Buffers;

/**
 * Grizzly's HTTP codec, answering what it cannot parse (a request line or headers over 8 KiB, a malformed
 * request line) with a JSON error, as every other answer of the server, instead of an empty 400. Headers that
 * are too large are 431, a request line that is too long 414. A body on a method that defines none (a DELETE
 * with content, say) is read and ignored, as HTTP allows, up to 1 MiB.
 */
final class JsonErrorCodec extends HttpServerFilter {

    private static final String CAUSE = JsonErrorCodec.class.getName() + ".cause";
    private static final long MAX_IGNORED_BODY_BYTES = 1024 * 1024;

    private final int maxRequestHeaders;

    // The constructor Grizzly's own HttpServer builds its codec with (deprecated for outside callers).
    @SuppressWarnings("deprecation")
    private JsonErrorCodec(boolean chunking, int maxHeadersSize, org.glassfish.grizzly.http.KeepAlive keepAlive,
            int maxRequestHeaders, int maxResponseHeaders) {
        super(chunking, maxHeadersSize, null, keepAlive, null, maxRequestHeaders, maxResponseHeaders);
        this.maxRequestHeaders = maxRequestHeaders;
    }

    /** The add-on that puts this codec in the place of Grizzly's own, with the same settings. */
    static AddOn addOn() {
        return (listener, builder) -> {
            int index = builder.indexOfType(HttpServerFilter.class);
            HttpServerFilter original = (HttpServerFilter) builder.get(index);
            int maxHeaderSize = listener.getMaxHttpHeaderSize() == -1 ? 8192 : listener.getMaxHttpHeaderSize();
            JsonErrorCodec codec = new JsonErrorCodec(listener.isChunkingEnabled(), maxHeaderSize,
                    listener.getKeepAlive(), listener.getMaxRequestHeaders(), listener.getMaxResponseHeaders());
            for (ContentEncoding encoding : original.getContentEncodings()) {
                codec.addContentEncoding(encoding);
            }
            codec.setAllowPayloadForUndefinedHttpMethods(true);
            codec.setMaxPayloadRemainderToSkip(MAX_IGNORED_BODY_BYTES);
            codec.getMonitoringConfig().addProbes(original.getMonitoringConfig().getProbes());
            builder.set(index, codec);
        };
    }

    @Override
    protected void onHttpHeaderError(HttpHeader header, FilterChainContext ctx, Throwable failure) throws IOException {
        if (header instanceof HttpRequestPacket request && failure != null) {
            request.setAttribute(CAUSE, failure);
        }
        super.onHttpHeaderError(header, ctx, failure);
    }

    @Override
    protected HttpContent customizeErrorResponse(HttpResponsePacket response) {
        Object cause = response.getRequest() == null ? null : response.getRequest().getAttribute(CAUSE);
        String text = cause instanceof Throwable failure && failure.getMessage() != null
                ? failure.getMessage().toLowerCase(java.util.Locale.ROOT) : "";
        String message;
        if (text.contains("initial line") || text.contains("intial line")) { // Grizzly's spelling
            answer(response, 414, "URI Too Long");
            message = "the request line is longer than " + maxHeaderKiB() + " KiB";
        } else if (cause instanceof org.glassfish.grizzly.http.util.MimeHeaders.MaxHeaderCountExceededException) {
            answer(response, 431, "Request Header Fields Too Large");
            message = "more than " + maxRequestHeaders + " headers";
        } else if (text.contains("header is too large")) {
            answer(response, 431, "Request Header Fields Too Large");
            message = "the request's headers are larger than " + maxHeaderKiB() + " KiB";
        } else if (response.getStatus() == 400) {
            message = "malformed HTTP request";
        } else {
            message = response.getStatus() + " " + response.getReasonPhrase();
        }
        // A request line too long to read has no path that is known.
        String path = response.getRequest() == null ? "" : response.getRequest().getRequestURI();
        byte[] body = FilterAnswers.problem(message, path == null ? "" : path);
        // As headers, not setContentType: an answer to a request line too long to parse would drop that one.
        response.getHeaders().setValue("Content-Type").setString("application/json; charset=utf-8");
        response.getHeaders().setValue("Connection").setString("close");
        response.setContentLength(body.length);
        return HttpContent.builder(response)
                .content(Buffers.wrap(org.glassfish.grizzly.memory.MemoryManager.DEFAULT_MEMORY_MANAGER, body))
                .last(true).build();
    }

    private static void answer(HttpResponsePacket response, int status, String reason) {
        response.setStatus(status);
        response.setReasonPhrase(reason);
    }

    private int maxHeaderKiB() {
        return maxHeadersSize / 1024;
    }
}
