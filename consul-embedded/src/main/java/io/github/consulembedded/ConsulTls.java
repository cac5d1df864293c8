package io.github.consulembedded;

import io.github.consulembedded.internal.HttpClients;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * The TLS side of a cluster started with {@code tls()}: the CA file that signed every agent's
 * certificate, and ready-made ways to trust it from Java.
 */
public final class ConsulTls {
    private final Path caFile;

    ConsulTls(Path caFile) {
        this.caFile = caFile;
    }

    /** The CA certificate (PEM), for {@code curl --cacert} or {@code consul -ca-file}. */
    public Path caFile() {
        return caFile;
    }

    /** A trust manager that trusts exactly this CA. */
    public X509TrustManager trustManager() {
        return HttpClients.trustManager(caFile);
    }

    /** An {@link SSLContext} that trusts exactly this CA. */
    public SSLContext sslContext() {
        return HttpClients.sslContext(trustManager());
    }

    /** An OkHttp client that trusts exactly this CA (and uses no proxy, as agents are local). */
    public OkHttpClient okHttpClient() {
        return HttpClients.trusting(caFile);
    }

    @Override
    public String toString() {
        return "ConsulTls{caFile=" + caFile + "}";
    }
}
