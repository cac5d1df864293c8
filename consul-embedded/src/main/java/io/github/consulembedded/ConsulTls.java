package io.github.consulembedded;

import io.github.consulembedded.internal.HttpClients;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/**
 * The TLS side of a cluster started with {@code tls()}: the CA file that signed every agent's
 * certificate, a client certificate of that CA (agents verify incoming connections, HTTPS
 * included), and ready-made ways to use both from Java.
 */
public final class ConsulTls {
    private final Path caFile;
    private final Path clientCertFile;
    private final Path clientKeyFile;

    ConsulTls(Path caFile, Path clientCertFile, Path clientKeyFile) {
        this.caFile = caFile;
        this.clientCertFile = clientCertFile;
        this.clientKeyFile = clientKeyFile;
    }

    /** The CA certificate (PEM), for {@code curl --cacert} or {@code consul -ca-file}. */
    public Path caFile() {
        return caFile;
    }

    /** A client certificate (PEM) signed by the CA, for {@code curl --cert} or {@code consul -client-cert}. */
    public Path clientCertFile() {
        return clientCertFile;
    }

    /** The client certificate's private key (PEM), for {@code curl --key} or {@code consul -client-key}. */
    public Path clientKeyFile() {
        return clientKeyFile;
    }

    /** A trust manager that trusts exactly this CA. */
    public X509TrustManager trustManager() {
        return HttpClients.trustManager(caFile);
    }

    /** An {@link SSLContext} that trusts exactly this CA and presents the client certificate. */
    public SSLContext sslContext() {
        return HttpClients.sslContext(trustManager(), HttpClients.keyManagers(clientCertFile, clientKeyFile));
    }

    /**
     * An OkHttp client that trusts exactly this CA, presents the client certificate, and uses no
     * proxy, as agents are local.
     */
    public OkHttpClient okHttpClient() {
        return HttpClients.mutualTls(caFile, clientCertFile, clientKeyFile);
    }

    @Override
    public String toString() {
        return "ConsulTls{caFile=" + caFile + "}";
    }
}
