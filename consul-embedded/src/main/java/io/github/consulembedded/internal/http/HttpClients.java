package io.github.consulembedded.internal.http;

import io.github.consulembedded.internal.security.PemFiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The transports the library uses to talk to its own agents. Agents listen on loopback, so
 * they bypass any JVM proxy settings and use short timeouts. With TLS, a transport trusts
 * exactly the cluster's CA and presents the cluster's client certificate.
 */
public final class HttpClients {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROBE_CONNECT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration PROBE_READ_TIMEOUT = Duration.ofSeconds(1);
    private static final HttpTransport AGENTS = new HttpTransport(CONNECT_TIMEOUT, READ_TIMEOUT, null);
    private static final Map<List<Path>, HttpTransport> MUTUAL = new ConcurrentHashMap<>();

    private HttpClients() {
    }

    public static HttpTransport agents() {
        return AGENTS;
    }

    /**
     * A transport for agents whose certificates the CA in {@code caFile} signed, presenting the
     * certificate {@code certFile} with key {@code keyFile}, as agents that verify incoming
     * connections require.
     */
    public static HttpTransport mutualTls(Path caFile, Path certFile, Path keyFile) {
        return MUTUAL.computeIfAbsent(List.of(caFile.toAbsolutePath(), certFile.toAbsolutePath(), keyFile.toAbsolutePath()), k -> {
            SSLContext context = sslContext(trustManager(caFile), keyManagers(certFile, keyFile));
            return new HttpTransport(CONNECT_TIMEOUT, READ_TIMEOUT, context.getSocketFactory());
        });
    }

    /** Key managers that present {@code certFile} (PEM) with the private key in {@code keyFile}. */
    public static KeyManager[] keyManagers(Path certFile, Path keyFile) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            char[] password = new char[0];
            store.setKeyEntry("client", PemFiles.privateKey(keyFile), password,
                    PemFiles.certificates(certFile).toArray(Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory.getKeyManagers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build a key store from " + certFile + " and " + keyFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use " + certFile + " with " + keyFile + " as a client certificate: "
                    + e.getMessage(), e);
        }
    }

    /** The same transport with short timeouts, for polling readiness: a socket that never answers must not hang it. */
    public static HttpTransport probes(HttpTransport base) {
        return base.withTimeouts(PROBE_CONNECT_TIMEOUT, PROBE_READ_TIMEOUT);
    }

    /** Short-timeout transport for plain-HTTP agents. */
    public static HttpTransport probes() {
        return probes(AGENTS);
    }

    /** A trust manager that trusts only the certificates in {@code caFile} (PEM). */
    public static X509TrustManager trustManager(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new IllegalArgumentException("no certificate in " + caFile);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager tm : factory.getTrustManagers()) {
                if (tm instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X509TrustManager available");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA file " + caFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot load the CA certificate in " + caFile + ": " + e.getMessage(), e);
        }
    }

    public static SSLContext sslContext(X509TrustManager trust) {
        return sslContext(trust, null);
    }

    /** A TLS context with this trust and, if not {@code null}, these client identities. */
    public static SSLContext sslContext(X509TrustManager trust, KeyManager[] keys) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, new TrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS context", e);
        }
    }
}
