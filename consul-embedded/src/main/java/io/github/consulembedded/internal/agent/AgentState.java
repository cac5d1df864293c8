package io.github.consulembedded.internal.agent;

/**
 * Where an agent is in its life, which decides what an exit of its process means: only an exit
 * in {@link #RUNNING} or {@link #KILLING} is a crash the supervisor hears about.
 */
public enum AgentState {
    /** Prepared (folders, ports), never launched. */
    NEW,
    /** The process is starting and not yet answering HTTP; an exit fails the launch. */
    LAUNCHING,
    /** Up and answering; an exit now is unexpected. */
    RUNNING,
    /** Suspended with SIGSTOP: alive but silent. The supervisor leaves it alone. */
    FROZEN,
    /** Killed on request, as a crash would be: reported to the supervisor, logged at INFO. */
    KILLING,
    /** Stopping on request (SIGTERM or leave); an exit is expected. */
    STOPPING,
    /** Not running after an exit or a stop; may be launched again. */
    STOPPED,
    /** Closed for good: ports released, temporary files removed. */
    CLOSED;

    /** Whether an exit of the process in this state is a crash the supervisor must hear about. */
    public boolean exitIsCrash() {
        return this == RUNNING || this == KILLING;
    }
}
