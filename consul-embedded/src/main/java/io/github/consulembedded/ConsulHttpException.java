package io.github.consulembedded;

/** An agent answered an HTTP call with an error status, or could not be reached. */
public class ConsulHttpException extends ConsulEmbeddedException {
    private static final long serialVersionUID = 1L;
    private final int status;

    public ConsulHttpException(String message, int status) {
        super(message);
        this.status = status;
    }

    public ConsulHttpException(String message, Throwable cause) {
        super(message, cause);
        this.status = -1;
    }

    /** The HTTP status, or -1 when the agent could not be reached. */
    public int status() {
        return status;
    }
}
