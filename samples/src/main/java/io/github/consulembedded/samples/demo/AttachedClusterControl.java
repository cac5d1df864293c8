package io.github.consulembedded.samples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.consulembedded.ClusterEvent;
import io.github.consulembedded.ConsulHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Watches a cluster that the local cluster command runs, through the JSON status file it keeps
 * up to date. There is no {@code ConsulCluster} here: the demo can kill and stop agents by pid
 * (the command's own supervisor then decides what happens), but cannot restart, add or remove them,
 * and has no agent logs. With several datacenters, each agent's {@code datacenter} field says
 * where it belongs; the leaders the command writes are not read, as the model asks the servers itself.
 */
public final class AttachedClusterControl implements ClusterControl {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path statusFile;
    private FileTime readAt;
    private JsonNode status;

    /** Attaches to the cluster described by {@code statusFile}; fails if it cannot be read. */
    public AttachedClusterControl(Path statusFile) {
        this.statusFile = statusFile.toAbsolutePath();
        read();
        if (status.path("caFile").isTextual() && httpsOnly(status)) {
            throw new IllegalArgumentException("the cluster in " + this.statusFile
                    + " serves HTTPS only; the demo attaches over plain HTTP");
        }
    }

    /** Whether no agent in the status document has a plain HTTP port. */
    private static boolean httpsOnly(JsonNode status) {
        for (JsonNode a : status.path("agents")) {
            if (a.path("http").asInt(-1) > 0) {
                return false;
            }
        }
        return true;
    }

    /** The status document as last read: the command rewrites it when pids or the leader change. */
    private synchronized JsonNode read() {
        try {
            FileTime modified = Files.getLastModifiedTime(statusFile);
            if (status == null || !modified.equals(readAt)) {
                JsonNode parsed = MAPPER.readTree(Files.readString(statusFile));
                if (!parsed.path("agents").isArray()) {
                    throw new IllegalArgumentException("the status file " + statusFile + " has no agents array");
                }
                status = parsed;
                readAt = modified;
            }
        } catch (IOException e) {
            if (status == null) {
                throw new UncheckedIOException("cannot read the status file " + statusFile + ": " + e.getMessage(), e);
            }
            // The command replaces the file atomically or removes it on exit; keep what we had.
        }
        return status;
    }

    @Override
    public String description() {
        JsonNode s = read();
        List<String> datacenters = datacenters();
        return "attached to " + statusFile + " (" + (datacenters.size() == 1 ? "dc " + datacenters.get(0)
                : "datacenters " + String.join(", ", datacenters)) + ", Consul " + s.path("consulVersion").asText("?") + ")";
    }

    /**
     * The status file's top-level {@code datacenter} (the primary) first, then those of a
     * {@code datacenters} array and of the agents' own {@code datacenter} fields, which the
     * command writes for several datacenters; an agent without one belongs to the primary.
     */
    @Override
    public List<String> datacenters() {
        JsonNode s = read();
        Set<String> names = new LinkedHashSet<>();
        names.add(primary(s));
        s.path("datacenters").forEach(dc -> names.add(dc.asText()));
        s.path("agents").forEach(a -> names.add(datacenterOf(a, s)));
        return List.copyOf(names);
    }

    private static String primary(JsonNode status) {
        return status.path("datacenter").asText("dc1");
    }

    private static String datacenterOf(JsonNode agent, JsonNode status) {
        return agent.path("datacenter").isTextual() ? agent.path("datacenter").asText() : primary(status);
    }

    @Override
    public List<AgentHandle> agents() {
        JsonNode s = read();
        Optional<String> token = s.path("aclMasterToken").isTextual()
                ? Optional.of(s.path("aclMasterToken").asText()) : Optional.empty();
        List<AgentHandle> handles = new ArrayList<>();
        List<AgentHandle> clients = new ArrayList<>();
        for (JsonNode a : s.path("agents")) {
            String address = a.path("address").asText("127.0.0.1");
            if (address.isEmpty() || "0.0.0.0".equals(address)) {
                address = "127.0.0.1";
            }
            boolean server = "server".equals(a.path("role").asText());
            long pid = a.path("pid").asLong(-1);
            boolean running = pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
            URI http = URI.create("http://" + address + ":" + a.path("http").asInt(-1));
            ConsulHttp consul = token.map(new ConsulHttp(http)::withToken).orElseGet(() -> new ConsulHttp(http));
            AgentHandle handle = new AgentHandle(a.path("node").asText(), datacenterOf(a, s), server, running ? pid : -1, running,
                    server ? address + ":" + a.path("server").asInt() : "", http, consul, token, Optional.empty());
            (server ? handles : clients).add(handle);
        }
        handles.addAll(clients);
        return handles;
    }

    @Override
    public void onEvent(Consumer<ClusterEvent> listener) {
        // The command's supervisor runs in another JVM; its restarts show as pid changes in the status file.
    }

    @Override
    public String limitation() {
        return "Attached to a running local cluster: kill and stop act on the pid and the command's supervisor "
                + "decides what follows; restart, add client, remove client and agent logs need a cluster the demo started.";
    }

    @Override
    public boolean canStop() {
        return true;
    }

    @Override
    public boolean canRestart() {
        return false;
    }

    @Override
    public boolean canChangeClients() {
        return false;
    }

    @Override
    public void kill(String node) {
        process(node).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Override
    public void stop(String node) {
        process(node).ifPresent(ProcessHandle::destroy);
    }

    private Optional<ProcessHandle> process(String node) {
        AgentHandle agent = agents().stream().filter(a -> a.node().equals(node)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no agent named '" + node + "' in " + statusFile));
        return agent.pid() > 0 ? ProcessHandle.of(agent.pid()) : Optional.empty();
    }

    @Override
    public void restart(String node) {
        throw new UnsupportedOperationException(limitation());
    }

    @Override
    public String addClient() {
        throw new UnsupportedOperationException(limitation());
    }

    @Override
    public void removeClient(String node) {
        throw new UnsupportedOperationException(limitation());
    }

    @Override
    public List<String> recentLog(String node, int max) {
        return List.of("(no log when attached: the local cluster command prints its agents' logs)");
    }

    @Override
    public void close() {
        // The cluster belongs to the command; leave it running.
    }
}
