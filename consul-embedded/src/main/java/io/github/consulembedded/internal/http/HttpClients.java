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
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * The OkHttp clients the library uses to talk to its own agents. Agents listen on loopback, so
 * the clients bypass any JVM proxy settings and use short timeouts; OkHttp's threads are daemons,
 * so a shared client never keeps a JVM alive. With TLS, a client trusts exactly the cluster's CA.
 */
public final class HttpClients {
    // Plain HTTP only: with no TLS connection spec OkHttp skips building the JDK's default trust
    // manager and TLS context, which costs about 0.3 s of class loading while agents start.
    private static final OkHttpClient AGENTS = new OkHttpClient.Builder()
            .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
            .proxy(java.net.Proxy.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofSeconds(10))
            .writeTimeout(Duration.ofSeconds(10))
            .retryOnConnectionFailure(true)
            .build();
    private static final Map<List<Path>, OkHttpClient> MUTUAL = new ConcurrentHashMap<>();
    private static final Map<OkHttpClient, OkHttpClient> PROBES = new ConcurrentHashMap<>();

    private HttpClients() {
    }

    public static OkHttpClient agents() {
        return AGENTS;
    }

    /**
     * A client for agents whose certificates the CA in {@code caFile} signed, presenting the
     * certificate {@code certFile} with key {@code keyFile}, as agents that verify incoming
     * connections require.
     */
    public static OkHttpClient mutualTls(Path caFile, Path certFile, Path keyFile) {
        return MUTUAL.computeIfAbsent(List.of(caFile.toAbsolutePath(), certFile.toAbsolutePath(), keyFile.toAbsolutePath()), k -> {
            X509TrustManager trust = trustManager(caFile);
            SSLContext context = sslContext(trust, keyManagers(certFile, keyFile));
            return AGENTS.newBuilder().connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
                    .sslSocketFactory(context.getSocketFactory(), trust).build();
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

    /** The same client with short timeouts, for polling readiness: a socket that never answers must not hang it. */
    public static OkHttpClient probes(OkHttpClient base) {
        return PROBES.computeIfAbsent(base, b -> b.newBuilder()
                .connectTimeout(Duration.ofMillis(500))
                .readTimeout(Duration.ofSeconds(1))
                .retryOnConnectionFailure(false)
                .build());
    }

    /** Short-timeout client for plain-HTTP agents. */
    public static OkHttpClient probes() {
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
