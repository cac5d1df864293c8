package io.github.consulembedded;

/**
 * The cluster did not become ready in time. The message is a diagnosis: which agents are not
 * ready, what each one reports (leader, peers, members), and their last log lines.
 */
public class ClusterNotReadyException extends ConsulEmbeddedException {
    private static final long serialVersionUID = 1L;

    public ClusterNotReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
