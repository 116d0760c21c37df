package io.devmentor.monitoring.server;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Which browser pages may open the live stream ({@code /ws}, {@code /socket.io/} on both transports): a
 * request without an {@code Origin} is not a browser's and passes; otherwise the origin's scheme, host and port
 * must be {@code FRONTEND_URL}'s, or those the client addressed this server by: its {@code Host} header, over
 * {@code http} (or the scheme a proxy names in {@code X-Forwarded-Proto}), which is where the dashboard is served
 * from. {@code http://evil.example:3006} and {@code https://127.0.0.1:3006} are refused on a server reached as
 * {@code http://127.0.0.1:3006}.
 */
final class OriginPolicy {

    private final Optional<Origin> frontend;

    OriginPolicy(String frontendUrl) {
        this.frontend = Origin.parse(frontendUrl);
    }

    /**
     * Whether a request may go on.
     *
     * @param origin its {@code Origin} header, or null
     * @param host its {@code Host} header, or null
     * @param forwardedProto its {@code X-Forwarded-Proto} header, or null
     * @return true when it is not a browser's, or comes from an allowed page
     */
    boolean allows(String origin, String host, String forwardedProto) {
        if (origin == null || origin.isEmpty()) {
            return true;
        }
        Optional<Origin> parsed = Origin.parse(origin);
        if (parsed.isEmpty()) {
            return false;
        }
        Origin page = parsed.get();
        if (frontend.isPresent() && frontend.get().equals(page)) {
            return true;
        }
        String scheme = forwardedProto == null || forwardedProto.isBlank() ? "http" : forwardedProto.trim();
        return host != null && Origin.parse(scheme + "://" + host).map(page::equals).orElse(false);
    }

    /** A scheme, a host and a port, as browsers compare them. */
    private record Origin(String scheme, String host, int port) {

        static Optional<Origin> parse(String text) {
            try {
                URI uri = new URI(text.trim());
                String scheme = uri.getScheme();
                String host = uri.getHost();
                if (scheme == null || host == null) {
                    return Optional.empty();
                }
                scheme = scheme.toLowerCase(Locale.ROOT);
                int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") || scheme.equals("wss") ? 443 : 80;
                return Optional.of(new Origin(scheme, host.toLowerCase(Locale.ROOT), port));
            } catch (java.net.URISyntaxException e) {
                return Optional.empty();
            }
        }
    }
}
