package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.AgentRole;
import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.internal.agent.AgentConfig;
import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.security.ClusterSecurity;
import java.util.Optional;

/** Derives one agent's config from the cluster spec: names, timing, extra config, data dir, ports and security. */
final class AgentConfigs {
    private AgentConfigs() {
    }

    static AgentConfig.Builder forNode(ClusterSpec spec, String datacenter, AgentRole role, String node,
            Optional<ClusterLayout> layout, ClusterSecurity security) {
        boolean server = role == AgentRole.SERVER;
        AgentConfig.Builder b = (server ? AgentConfig.server() : AgentConfig.client()).node(node)
                .datacenter(datacenter)
                .primaryDatacenter(spec.datacenter())
                .domain(spec.domain())
                .recursors(spec.recursors())
                .ui(spec.ui())
                .timing(spec.timing())
                .devMode(server && spec.devMode())
                .startTimeout(spec.readyTimeout());
        if (server) {
            b.bootstrapExpect(spec.servers());
        }
        String forNode = spec.extraConfigByNode().getOrDefault(node, Json.EMPTY_OBJECT);
        // Both are canonical already: merge only when there is something to merge.
        String extra = Json.isTriviallyEmpty(forNode) ? spec.extraConfig()
                : Json.mergeText("extraConfig of " + node, spec.extraConfig(), forNode);
        if (!Json.isTriviallyEmpty(extra)) {
            b.extraConfig(extra);
        }
        spec.dataRoot().ifPresent(root -> b.dataDir(root.resolve(node)));
        layout.flatMap(l -> l.portsOf(node)).ifPresent(b::ports);
        security.applyTo(b, node, server, datacenter);
        return b;
    }
}
