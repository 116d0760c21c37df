package io.devmentor.monitoring.core.plugins;

import io.devmentor.monitoring.api.ServiceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How a check trusts a TLS peer, from its service's settings, and what it says of the peer's certificate:
 * {@code caBundle} (a PEM file of the authorities to trust instead of the JDK's), {@code insecure: true} (trust
 * any certificate for any host, still reporting its expiry) and {@code certificateExpiry} (such as {@code 14d}
 * or {@code 72h}: a certificate that expires sooner makes the check DEGRADED).
 *
 * @param insecure whether any certificate is trusted, for any host
 * @param caBundle the authorities to trust, if not the JDK's
 * @param certificateExpiry how long a certificate must still be valid, if that is checked
 */
record TlsSettings(boolean insecure, Optional<Path> caBundle, Optional<Duration> certificateExpiry) {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})\\s*([dhm])");

    /**
     * A service's TLS settings.
     *
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    static TlsSettings of(ServiceDefinition service) {
        Map<String, String> settings = service.settings();
        boolean insecure = "true".equalsIgnoreCase(settings.getOrDefault("insecure", "false").trim());
        Optional<Path> caBundle = Optional.ofNullable(settings.get("caBundle")).map(String::trim).map(Path::of);
        Optional<Duration> expiry = Optional.ofNullable(settings.get("certificateExpiry")).map(text -> {
            Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("settings.certificateExpiry must be days, hours or minutes such as"
                        + " 14d or 72h, was '" + text + "'");
            }
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofMinutes(amount);
            };
        });
        return new TlsSettings(insecure, caBundle, expiry);
    }

    /** What distinguishes the trust of one check from another's: checks with the same key share a client. */
    String trustKey() {
        return insecure ? "insecure" : caBundle.map(path -> "ca:" + path.toAbsolutePath()).orElse("default");
    }

    /**
     * The TLS context of this trust: the JDK's default, one that trusts the bundle's authorities, or one that
     * trusts anything.
     *
     * @throws IllegalArgumentException when the bundle cannot be read
     */
    SSLContext context() {
        try {
            if (insecure) {
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, new TrustManager[] {new TrustingAll()}, null);
                return context;
            }
            if (caBundle.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore authorities = KeyStore.getInstance(KeyStore.getDefaultType());
            authorities.load(null, null);
            Collection<? extends Certificate> certificates;
            try (InputStream in = Files.newInputStream(caBundle.get())) {
                certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("settings.caBundle " + caBundle.get() + " holds no certificate");
            }
            int i = 0;
            for (Certificate certificate : certificates) {
                authorities.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(authorities);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("settings.caBundle " + caBundle.map(Path::toString).orElse("")
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The peer's own certificate, if the session has one. */
    static Optional<X509Certificate> peerCertificate(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Optional.of(leaf) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }

    /** A certificate's expiry as a check's details: when, and how many days from now. */
    static void describe(X509Certificate certificate, Instant now, Map<String, Object> details) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        details.put("certificateExpiresAt", notAfter.toString());
        details.put("certificateDaysLeft", Math.round(Duration.between(now, notAfter).toMinutes() / 14.4) / 100.0);
        details.put("certificateSubject", certificate.getSubjectX500Principal().getName());
    }

    /** Why a certificate that is valid still degrades the check: it expires within {@code certificateExpiry}. */
    Optional<String> tooSoon(X509Certificate certificate, Instant now) {
        Instant notAfter = certificate.getNotAfter().toInstant();
        Duration left = Duration.between(now, notAfter);
        return certificateExpiry.filter(limit -> left.compareTo(limit) < 0).map(limit -> "the certificate expires in "
                + words(left) + " (" + notAfter + "), under the " + words(limit) + " of certificateExpiry");
    }

    /**
     * A failed handshake in an operator's words, or empty when the failure is not TLS's: an expired certificate,
     * one for another host, or one no trusted authority signed.
     */
    static Optional<String> failure(Throwable failure) {
        // The most precise cause first: a validator's "PKIX path validation failed" wraps an expired certificate.
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateExpiredException) {
                return Optional.of("TLS: the certificate has expired (" + cause.getMessage() + ")");
            }
            if (cause instanceof CertificateNotYetValidException) {
                return Optional.of("TLS: the certificate is not valid yet (" + cause.getMessage() + ")");
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof SSLPeerUnverifiedException || message.contains("No subject alternative")
                    || message.contains("doesn't match") || message.contains("No name matching")) {
                return Optional.of("TLS: the certificate is not for this host (" + message + ")");
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("PKIX path") || message.contains("unable to find valid certification path")) {
                return Optional.of("TLS: the certificate is not signed by a trusted authority (self-signed, or a"
                        + " missing caBundle)");
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLHandshakeException || cause instanceof SSLException) {
                return Optional.of("TLS handshake failed: " + cause.getMessage());
            }
        }
        return Optional.empty();
    }

    private static String words(Duration duration) {
        if (duration.isNegative()) {
            return "0 days";
        }
        long days = duration.toDays();
        return days >= 2 ? days + " days" : duration.toHours() + " hours";
    }

    /** What {@code insecure: true} asks for: any certificate is trusted. */
    private static final class TrustingAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
