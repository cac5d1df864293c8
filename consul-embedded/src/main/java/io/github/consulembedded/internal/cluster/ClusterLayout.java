package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.AgentPorts;
import io.github.consulembedded.ConsulEmbeddedException;

import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.util.AtomicFiles;
import io.github.consulembedded.internal.json.JsonNode;
import io.github.consulembedded.internal.json.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a persistent cluster folder remembers between runs: the number of servers and each node's
 * ports. Raft stores its peers with their addresses, so a restarted cluster must come back on
 * the same ports. Kept in {@code <dataRoot>/consul-embedded-cluster.json}.
 */
public final class ClusterLayout {
    static final String FILE = "consul-embedded-cluster.json";

    private final int servers;
    private final Map<String, AgentPorts> ports;

    public ClusterLayout(int servers, Map<String, AgentPorts> ports) {
        this.servers = servers;
        this.ports = Map.copyOf(ports);
    }

    public int servers() {
        return servers;
    }

    public Optional<AgentPorts> portsOf(String node) {
        return Optional.ofNullable(ports.get(node));
    }

    public static Optional<ClusterLayout> read(Path root) {
        Path file = root.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = Json.read(Files.readString(file, StandardCharsets.UTF_8));
            Map<String, AgentPorts> ports = new LinkedHashMap<>();
            json.path("nodes").fields().forEachRemaining(e -> {
                JsonNode p = e.getValue();
                ports.put(e.getKey(), new AgentPorts(p.path("http").asInt(), p.path("https").asInt(-1),
                        p.path("dns").asInt(), p.path("serfLan").asInt(), p.path("serfWan").asInt(), p.path("server").asInt()));
            });
            return Optional.of(new ClusterLayout(json.path("servers").asInt(), ports));
        } catch (IOException | RuntimeException e) {
            throw new ConsulEmbeddedException("cannot read " + file + " (" + e.getMessage()
                    + "); it records the ports of a persistent cluster. Restore it, or use a new data folder", e);
        }
    }

    public void write(Path root) {
        ObjectNode json = Json.object();
        json.put("servers", servers);
        ObjectNode nodes = json.putObject("nodes");
        ports.forEach((node, p) -> {
            ObjectNode n = nodes.putObject(node);
            n.put("http", p.http());
            n.put("https", p.https());
            n.put("dns", p.dns());
            n.put("serfLan", p.serfLan());
            n.put("serfWan", p.serfWan());
            n.put("server", p.server());
        });
        Path file = root.resolve(FILE);
        try {
            AtomicFiles.write(file, Json.write(json));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
