package io.github.consulembedded;

import io.github.consulembedded.internal.agent.Agent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One agent of a {@link ConsulCluster}, server or client: its names, addresses, process and
 * HTTP API. Faults act through the cluster ({@link ConsulCluster#kill}, {@link ConsulCluster#stop},
 * {@link ConsulCluster#restart}, {@link ConsulCluster#freeze}), which owns the agent.
 */
public final class ConsulAgent {
    private final Agent agent;

    ConsulAgent(Agent agent) {
        this.agent = agent;
    }

    Agent engine() {
        return agent;
    }

    /** The node name, such as {@code consul-server-1} or {@code consul-client-2}. */
    public String node() {
        return agent.node();
    }

    public AgentRole role() {
        return agent.role();
    }

    public boolean isServer() {
        return agent.isServer();
    }

    /** The datacenter the agent belongs to. */
    public String datacenter() {
        return agent.datacenter();
    }

    /** The agent's ports; -1 for a port that is off. */
    public AgentPorts ports() {
        return agent.ports();
    }

    /** The API address: {@code http://127.0.0.1:<http>}, or {@code https://127.0.0.1:<https>} with TLS. */
    public URI httpAddress() {
        return agent.httpAddress();
    }

    /** The DNS server (UDP and TCP). */
    public InetSocketAddress dnsAddress() {
        return agent.dnsAddress();
    }

    /** The address the agent advertises to its peers: {@code 127.0.0.1} on loopback. */
    public String address() {
        return agent.config().advertiseAddress();
    }

    /** The LAN gossip address other agents join: {@code host:port}. */
    public String serfLanAddress() {
        return agent.serfLanAddress();
    }

    /** The WAN gossip address servers of other datacenters join: {@code host:port}. */
    public String serfWanAddress() {
        return agent.serfWanAddress();
    }

    /** The server RPC address as raft knows it: {@code host:port}. */
    public String serverAddress() {
        return agent.serverAddress();
    }

    /** The Consul web UI, served by every agent. */
    public URI uiAddress() {
        return agent.httpAddress().resolve("/ui/");
    }

    /** The data dir: temporary (removed on close) unless the cluster has a data root. */
    public Path dataDir() {
        return agent.dataDir();
    }

    /** The OS pid of the running agent, or -1 when it is not running. */
    public long pid() {
        return agent.pid();
    }

    /** Whether the agent's process runs (a frozen agent runs, it is only silent). */
    public boolean isRunning() {
        return agent.isRunning();
    }

    /** Whether the agent is suspended by {@link ConsulCluster#freeze}. */
    public boolean isFrozen() {
        return agent.isFrozen();
    }

    /** An HTTP helper for this agent, with the cluster's ACL token and TLS certificate if any. */
    public ConsulHttp http() {
        return new ConsulHttp(agent.api());
    }

    /** The ACL token the library uses for this agent, if ACLs are on. */
    public Optional<String> aclToken() {
        return agent.aclToken();
    }

    /** The newest {@code max} lines the agent printed, across restarts. */
    public List<String> recentLog(int max) {
        return agent.recentLog(max);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsulAgent other && other.agent == agent;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(agent);
    }

    @Override
    public String toString() {
        return "ConsulAgent{" + node() + " " + role().label() + ", pid " + pid() + ", http " + httpAddress() + "}";
    }
}
