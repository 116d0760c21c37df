package io.devmentor.monitoring.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.devmentor.monitoring.api.CheckResult;
import io.devmentor.monitoring.api.HealthStatus;
import io.devmentor.monitoring.api.ServiceDefinition;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS as the HTTP checker and the TCP checker ({@code tls: true}) see it, against HTTPS servers on loopback (the
 * JDK's, and Jetty offering HTTP/2, which the HTTP checker takes) with
 * certificates made here with BouncyCastle: one signed by a test authority for localhost, one that expires in
 * three days, one that expired, one for another host, and a self-signed one.
 */
class TlsCheckTest {

    private static final String PASSWORD = "changeit";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    static Path dir;

    private static final List<HttpsServer> SERVERS = new ArrayList<>();
    private static Path authority;
    private static int valid;
    private static int expiring;
    private static int expired;
    private static int otherHost;
    private static int selfSigned;
    private static int http2;
    private static org.eclipse.jetty.server.Server jetty;

    private final HttpHealthChecker http = new HttpHealthChecker(Clock.systemUTC(), 64 * 1024, "test",
            name -> Optional.empty());

    @BeforeAll
    static void certificatesAndServers() throws Exception {
        KeyPair authorityKeys = keys();
        X509Certificate authorityCertificate = certificate("CN=Test Authority", authorityKeys.getPublic(),
                "CN=Test Authority", authorityKeys.getPrivate(), true, List.of(), Instant.now().minus(Duration.ofDays(1)),
                Duration.ofDays(3650));
        authority = dir.resolve("ca.pem");
        Files.writeString(authority, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(authorityCertificate.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        List<String> localhost = List.of("localhost", "127.0.0.1");
        Instant now = Instant.now();
        KeyStore validKeys = signed(authorityKeys, authorityCertificate, localhost, now, Duration.ofDays(365));
        valid = serve(validKeys);
        http2 = serveHttp2(validKeys);
        expiring = serve(signed(authorityKeys, authorityCertificate, localhost, now, Duration.ofDays(3)));
        expired = serve(signed(authorityKeys, authorityCertificate, localhost, now.minus(Duration.ofDays(30)),
                Duration.ofDays(10)));
        otherHost = serve(signed(authorityKeys, authorityCertificate, List.of("other.example"), now,
                Duration.ofDays(365)));
        KeyPair self = keys();
        selfSigned = serve(store(self, certificate("CN=localhost", self.getPublic(), "CN=localhost",
                self.getPrivate(), false, localhost, now, Duration.ofDays(365))));
    }

    @AfterAll
    static void stop() throws Exception {
        SERVERS.forEach(server -> server.stop(0));
        if (jetty != null) {
            jetty.stop();
        }
    }

    /** Jetty offering HTTP/2 and HTTP/1.1 by ALPN over TLS, with a key store's key; its port. */
    private static int serveHttp2(KeyStore keys) throws Exception {
        jetty = new org.eclipse.jetty.server.Server();
        org.eclipse.jetty.server.HttpConfiguration config = new org.eclipse.jetty.server.HttpConfiguration();
        config.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer());
        org.eclipse.jetty.server.HttpConnectionFactory http1 = new org.eclipse.jetty.server.HttpConnectionFactory(config);
        org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory h2 =
                new org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory(config);
        org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory alpn =
                new org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory();
        alpn.setDefaultProtocol(http1.getProtocol());
        org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
        ssl.setKeyStore(keys);
        ssl.setKeyStorePassword(PASSWORD);
        org.eclipse.jetty.server.ServerConnector connector = new org.eclipse.jetty.server.ServerConnector(jetty,
                new org.eclipse.jetty.server.SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2, http1);
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(new org.eclipse.jetty.server.Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                    org.eclipse.jetty.util.Callback callback) {
                response.setStatus(200);
                callback.succeeded();
                return true;
            }
        });
        jetty.start();
        return connector.getLocalPort();
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    /** A certificate made with BouncyCastle: an authority's, or a server's for some names. */
    private static X509Certificate certificate(String subject, PublicKey key, String issuer, PrivateKey signer,
            boolean authority, List<String> names, Instant from, Duration valid) throws Exception {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(System.nanoTime()), Date.from(from), Date.from(from.plus(valid)),
                new X500Name(subject), key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
        if (!names.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.stream()
                    .map(name -> Character.isDigit(name.charAt(0)) ? new GeneralName(GeneralName.iPAddress, name)
                            : new GeneralName(GeneralName.dNSName, name))
                    .toArray(GeneralName[]::new)));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    /** A key store of a server whose certificate the authority signed for these names. */
    private static KeyStore signed(KeyPair authorityKeys, X509Certificate authority, List<String> names,
            Instant from, Duration valid) throws Exception {
        KeyPair server = keys();
        X509Certificate certificate = certificate("CN=" + names.get(0), server.getPublic(),
                authority.getSubjectX500Principal().getName(), authorityKeys.getPrivate(), false, names, from, valid);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", server.getPrivate(), PASSWORD.toCharArray(),
                new java.security.cert.Certificate[] {certificate, authority});
        return store;
    }

    private static KeyStore store(KeyPair keys, X509Certificate certificate) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", keys.getPrivate(), PASSWORD.toCharArray(),
                new java.security.cert.Certificate[] {certificate});
        return store;
    }

    /** An HTTPS server with a key store's key, on every local address; its port. */
    private static int serve(KeyStore keys) throws Exception {
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(0), 20);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        SERVERS.add(server);
        return server.getAddress().getPort();
    }

    private CheckResult https(int port, Map<String, String> settings) throws Exception {
        ServiceDefinition.Builder service = ServiceDefinition.builder("tls").url("https://localhost:" + port
                + "/health").timeout(TIMEOUT);
        settings.forEach(service::setting);
        return http.check(service.build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static CheckResult tcp(TcpHealthChecker checker, int port, Map<String, String> settings)
            throws Exception {
        ServiceDefinition.Builder service = ServiceDefinition.builder("tls").kind("tcp").hostAndPort("localhost", port)
                .timeout(TIMEOUT).setting("tls", "true");
        settings.forEach(service::setting);
        return checker.check(service.build()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theHttpCheckerJudgesTheCertificateAndReportsItsExpiry() throws Exception {
        Map<String, String> trusted = Map.of("caBundle", authority.toString(), "certificateExpiry", "14d");
        try (http) {
            CheckResult ok = https(valid, trusted);
            assertEquals(HealthStatus.UP, ok.status(), ok.message());
            double days = ((Number) ok.details().get("certificateDaysLeft")).doubleValue();
            assertTrue(days > 363 && days <= 366, "days left: " + days);

            CheckResult soon = https(expiring, trusted);
            assertEquals(HealthStatus.DEGRADED, soon.status(), soon.message());
            assertTrue(soon.message().startsWith("HTTP 200, but the certificate expires in "), soon.message());
            assertTrue(soon.message().contains("under the 14 days of certificateExpiry"), soon.message());

            CheckResult old = https(expired, trusted);
            assertEquals(HealthStatus.DOWN, old.status());
            assertTrue(old.message().startsWith("TLS: the certificate has expired"), old.message());

            CheckResult elsewhere = https(otherHost, trusted);
            assertEquals(HealthStatus.DOWN, elsewhere.status());
            assertTrue(elsewhere.message().startsWith("TLS: the certificate is not for this host"),
                    elsewhere.message());

            CheckResult untrusted = https(selfSigned, Map.of());
            assertEquals(HealthStatus.DOWN, untrusted.status());
            assertTrue(untrusted.message().startsWith("TLS: the certificate is not signed by a trusted authority"),
                    untrusted.message());
            CheckResult withoutBundle = https(valid, Map.of());
            assertEquals(HealthStatus.DOWN, withoutBundle.status(), "the test authority is not the JDK's");

            CheckResult insecure = https(selfSigned, Map.of("insecure", "true"));
            assertEquals(HealthStatus.UP, insecure.status(), insecure.message());
            assertTrue(insecure.details().containsKey("certificateDaysLeft"), "expiry still reported");

            assertEquals("HTTP/1.1", ok.details().get("httpVersion"), "the JDK's server speaks HTTP/1.1 only");
            CheckResult overHttp2 = https(http2, trusted);
            assertEquals(HealthStatus.UP, overHttp2.status(), overHttp2.message());
            assertEquals("HTTP/2", overHttp2.details().get("httpVersion"), "HTTP/2 where the target offers it");

            CheckResult badLimit = https(valid, Map.of("certificateExpiry", "two weeks"));
            assertTrue(badLimit.message().endsWith("settings.certificateExpiry must be days, hours or minutes such"
                    + " as 14d or 72h, was 'two weeks'"), badLimit.message());
        }
    }

    @Test
    void theEnginePublishesTheTimeLeftAsAGauge() throws Exception {
        io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
                new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (io.devmentor.monitoring.core.Monitoring monitoring = io.devmentor.monitoring.core.Monitoring.builder()
                .configuration(io.devmentor.monitoring.core.MonitoringConfiguration.fromEnvironment(Map.of(
                        "METRICS_COLLECTION_INTERVAL", "60000"), dir))
                .meterRegistry(registry)
                .service(ServiceDefinition.builder("shop").url("https://localhost:" + expiring + "/health")
                        .interval(Duration.ofMillis(200)).timeout(TIMEOUT)
                        .setting("caBundle", authority.toString()).setting("certificateExpiry", "7d").build())
                .build()) {
            monitoring.start();
            io.devmentor.monitoring.tck.Await.until(Duration.ofSeconds(10), "a check of shop",
                    () -> monitoring.service("shop").orElseThrow().lastResult().isPresent());
            double days = registry.get("service.certificate.expiry").tag("service", "shop").gauge().value() / 86_400;
            assertTrue(days > 2.9 && days <= 3.0, "days left: " + days);
            assertEquals(HealthStatus.DEGRADED, monitoring.service("shop").orElseThrow().status());
        }
    }

    @Test
    void theTcpCheckerWithTlsJudgesTheCertificateTheSameWay() throws Exception {
        Map<String, String> trusted = Map.of("caBundle", authority.toString(), "certificateExpiry", "14d");
        try (TcpHealthChecker tcp = new TcpHealthChecker(Clock.systemUTC())) {
            CheckResult ok = tcp(tcp, valid, trusted);
            assertEquals(HealthStatus.UP, ok.status(), ok.message());
            assertEquals("TLS handshake with localhost:" + valid, ok.message());
            assertTrue(((Number) ok.details().get("certificateDaysLeft")).doubleValue() > 363);
            assertEquals(HealthStatus.DEGRADED, tcp(tcp, expiring, trusted).status());
            assertTrue(tcp(tcp, expired, trusted).message().startsWith("TLS: the certificate has expired"));
            assertTrue(tcp(tcp, otherHost, trusted).message().startsWith("TLS: the certificate is not for this host"));
            assertTrue(tcp(tcp, selfSigned, Map.of()).message().startsWith(
                    "TLS: the certificate is not signed by a trusted authority"));
            assertEquals(HealthStatus.UP, tcp(tcp, selfSigned, Map.of("insecure", "true")).status());
        }
    }
}
