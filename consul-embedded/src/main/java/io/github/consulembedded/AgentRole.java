package io.github.consulembedded;

/** Whether an agent runs as a Consul server (raft peer) or as a client agent. */
public enum AgentRole {
    SERVER,
    CLIENT;

    /** Lower-case name as Consul and the status file spell it: "server" or "client". */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
