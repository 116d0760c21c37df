package io.devmentor.monitoring.postgres;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code DATABASE_URL} in the seed's form, {@code postgresql://user:pass@host:port/db}, as JDBC wants it.
 * {@link #toString()} hides the password.
 */
record DatabaseUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {

    static DatabaseUrl parse(String text) {
        URI uri;
        try {
            uri = URI.create(text.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("DATABASE_URL is not a URL such as postgresql://user:pass@host:5432/db");
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException("DATABASE_URL must start with postgresql://, such as"
                    + " postgresql://user:pass@host:5432/db");
        }
        if (uri.getHost() == null || uri.getPath() == null || uri.getPath().length() < 2) {
            throw new IllegalArgumentException("DATABASE_URL needs a host and a database: postgresql://host:5432/db");
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = Optional.of(URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
            if (parts.length == 2) {
                password = Optional.of(URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 5432)
                + uri.getPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new DatabaseUrl(jdbc, user, password);
    }

    @Override
    public String toString() {
        return jdbcUrl + user.map(u -> " as " + u).orElse("") + password.map(p -> " with a password").orElse("");
    }
}
