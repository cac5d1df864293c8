package io.github.consulembedded;

/**
 * The Consul executable could not be found, downloaded or verified. The message says which
 * source was tried and how to point the library at a binary or a mirror instead.
 */
public class BinaryUnavailableException extends ConsulEmbeddedException {
    private static final long serialVersionUID = 1L;

    public BinaryUnavailableException(String message) {
        super(message);
    }

    public BinaryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
