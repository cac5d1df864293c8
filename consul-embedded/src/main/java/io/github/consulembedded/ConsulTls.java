package io.github.consulembedded;

import io.github.consulembedded.internal.http.HttpClients;
import java.nio.file.Path;
import java.util.Objects;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * The TLS side of a cluster started with {@code tls()}: the CA file that signed every agent's
 * certificate and a client certificate of that CA (agents verify incoming connections, HTTPS
 * included), as PEM files and as JDK types for your own HTTP client. The library describes each
 * agent's own TLS material the same way: the CA and the agent's certificate and key.
 */
public final class ConsulTls {
    private final Path caFile;
    private final Path clientCertFile;
    private final Path clientKeyFile;

    /** TLS material from PEM files: the CA certificate, and a client certificate with its key. */
    public ConsulTls(Path caFile, Path clientCertFile, Path clientKeyFile) {
        this.caFile = Objects.requireNonNull(caFile, "caFile");
        this.clientCertFile = Objects.requireNonNull(clientCertFile, "clientCertFile");
        this.clientKeyFile = Objects.requireNonNull(clientKeyFile, "clientKeyFile");
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

    /** Key managers that present the client certificate. */
    public KeyManager[] keyManagers() {
        return HttpClients.keyManagers(clientCertFile, clientKeyFile);
    }

    /**
     * An {@link SSLContext} that trusts exactly this CA and presents the client certificate, for
     * {@code java.net.http.HttpClient.newBuilder().sslContext(...)} or any other client.
     */
    public SSLContext sslContext() {
        return HttpClients.sslContext(trustManager(), keyManagers());
    }

    @Override
    public String toString() {
        return "ConsulTls{caFile=" + caFile + "}";
    }
}
