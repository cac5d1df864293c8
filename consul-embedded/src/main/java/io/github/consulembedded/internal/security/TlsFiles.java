package io.github.consulembedded.internal.security;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The PEM files an agent needs for TLS: the CA that signs every agent's certificate, and this
 * agent's own certificate and key.
 *
 * @param caFile the cluster's CA certificate
 * @param certFile the agent's certificate
 * @param keyFile the agent's private key
 */
public record TlsFiles(Path caFile, Path certFile, Path keyFile) {
    public TlsFiles {
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
    }
}
