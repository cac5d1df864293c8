package io.github.consulembedded.internal.agent;

/**
 * The process that runs an agent on behalf of this JVM, for an agent of a reused cluster that a
 * keeper process owns: its pid and state come from there, and faults are applied there, so the
 * keeper's supervisor sees them as it would see its own.
 */
public interface AgentHost {
    /** The pid of the node's running process, or -1 when it is not running. */
    long pid(String node);

    /** Whether the node is frozen (SIGSTOP) where it runs. */
    boolean isFrozen(String node);

    /**
     * Applies {@code operation} ({@code kill}, {@code stop}, {@code leave}, {@code restart},
     * {@code start}, {@code freeze}, {@code thaw} or {@code remove}) to the node where it runs
     * and returns once it is done.
     */
    void apply(String operation, String node);
}
