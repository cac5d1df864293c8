package io.github.consulembedded;

/**
 * Base of every exception this library throws on purpose. Its message says what went wrong,
 * with the value involved, and what to do about it.
 */
public class ConsulEmbeddedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConsulEmbeddedException(String message) {
        super(message);
    }

    public ConsulEmbeddedException(String message, Throwable cause) {
        super(message, cause);
    }
}
