package io.github.consulembedded.samples.demo;

/** What the demo shows for one agent: its process and gossip state folded into one word. */
public enum AgentStatus {
    /** The process runs and gossip sees the member alive. */
    ALIVE,
    /** The process is gone (or gossip marked it failed) and nobody is bringing it back yet. */
    FAILED,
    /** The member left the cluster for good. */
    LEFT,
    /** The supervisor (or the demo) is starting the agent again. */
    RESTARTING,
    /** The process runs but gossip does not list it as alive yet. */
    JOINING
}
