package io.devmentor.monitoring.server;

import io.devmentor.monitoring.core.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The bearer tokens that changes need, each with the name of who holds it: {@code MONITORING_API_TOKENS}
 * ({@code alice:secret,ci:secret}) and the single {@code MONITORING_API_TOKEN}, named {@code api}. A change is
 * attributed to the name of the token it came with. With none configured every change is refused, with a message
 * that says how to set one. Compared in constant time, against every token; never logged or echoed.
 */
final class ApiTokens {

    /** The name of the single {@code MONITORING_API_TOKEN}. */
    static final String SINGLE_TOKEN_NAME = "api";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /** Name to secret, in the order configured. */
    private final Map<String, byte[]> secrets = new LinkedHashMap<>();

    ApiTokens(Map<String, String> named) {
        named.forEach((name, secret) -> secrets.put(name, secret.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Reads {@code MONITORING_API_TOKENS} (name:secret pairs, comma separated) and {@code MONITORING_API_TOKEN}.
     *
     * @throws ConfigurationException naming what is wrong, never showing a secret
     */
    static Map<String, String> fromEnvironment(Map<String, String> env) {
        Map<String, String> named = new LinkedHashMap<>();
        String list = env.getOrDefault("MONITORING_API_TOKENS", "").trim();
        if (!list.isEmpty()) {
            int position = 0;
            for (String pair : list.split(",", -1)) {
                position++;
                int colon = pair.indexOf(':');
                String name = colon < 0 ? "" : pair.substring(0, colon).trim();
                String secret = colon < 0 ? "" : pair.substring(colon + 1).trim();
                if (!NAME.matcher(name).matches() || secret.isEmpty()) {
                    throw new ConfigurationException("MONITORING_API_TOKENS: entry " + position + " must be"
                            + " name:secret, the name 1–64 letters, digits, '.', '_', '@' or '-'");
                }
                if (named.containsKey(name)) {
                    throw new ConfigurationException("MONITORING_API_TOKENS: the name '" + name + "' is given twice");
                }
                if (named.containsValue(secret)) {
                    throw new ConfigurationException("MONITORING_API_TOKENS: the token of '" + name
                            + "' is another name's too: each name needs its own");
                }
                named.put(name, secret);
            }
        }
        String single = env.getOrDefault("MONITORING_API_TOKEN", "").trim();
        if (!single.isEmpty()) {
            if (named.containsKey(SINGLE_TOKEN_NAME) || named.containsValue(single)) {
                throw new ConfigurationException("MONITORING_API_TOKEN is also in MONITORING_API_TOKENS (as a name"
                        + " '" + SINGLE_TOKEN_NAME + "' or a token): give it once");
            }
            named.put(SINGLE_TOKEN_NAME, single);
        }
        return named;
    }

    /**
     * Checks an {@code Authorization} header value.
     *
     * @return the name of the token's holder
     */
    String checkHeader(@Nullable String header) {
        requireConfigured();
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new HttpProblem(401, "this route needs 'Authorization: Bearer <token>'");
        }
        return check(header.substring(7).trim());
    }

    /**
     * Checks a token given on its own (a WebSocket message or handshake).
     *
     * @return the name of the token's holder
     */
    String check(@Nullable String presented) {
        requireConfigured();
        if (presented == null || presented.isEmpty()) {
            throw new HttpProblem(401, "the API token is needed");
        }
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        Optional<String> holder = Optional.empty();
        // Every token is compared, whichever matches, so that the time taken tells nothing.
        for (Map.Entry<String, byte[]> token : secrets.entrySet()) {
            if (MessageDigest.isEqual(bytes, token.getValue()) && holder.isEmpty()) {
                holder = Optional.of(token.getKey());
            }
        }
        return holder.orElseThrow(() -> new HttpProblem(401, "the bearer token is not valid"));
    }

    private void requireConfigured() {
        if (secrets.isEmpty()) {
            throw new HttpProblem(403, "changes are disabled: set MONITORING_API_TOKEN to a secret and send it as"
                    + " 'Authorization: Bearer <token>' (or MONITORING_API_TOKENS to name:secret pairs, one a person)");
        }
    }
}
