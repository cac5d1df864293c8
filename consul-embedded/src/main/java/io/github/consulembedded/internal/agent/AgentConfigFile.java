package io.github.consulembedded.internal.agent;

import io.github.consulembedded.AgentPorts;
import io.github.consulembedded.Timing;
import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Renders an agent's JSON config file: what has no command-line flag in Consul 1.4 (ports that
 * are off, raft and gossip timing, the security settings), with the user's extra config merged
 * over it.
 */
public final class AgentConfigFile {
    private AgentConfigFile() {
    }

    /** The config as JSON text: what the library generates, with the extra config merged over it. */
    public static String render(AgentConfig config, AgentPorts ports) {
        Map<String, Object> generated = generated(config, ports);
        return config.hasExtraConfig() ? Json.mergeAndWrite(generated, config.extraConfig())
                : Json.write(Json.fromMap("generated config", generated));
    }

    /** What the library generates, in the order it is written, before the extra config is merged over it. */
    static Map<String, Object> generated(AgentConfig config, AgentPorts ports) {
        Map<String, Object> generated = new LinkedHashMap<>();
        generated.put("disable_update_check", true);
        // Consul's clients leave on SIGTERM by default; the library leaves only when asked to (close of a
        // persistent cluster, removeClient), so that stop and restart bring the same member back.
        generated.put("leave_on_terminate", false);
        Map<String, Object> portsNode = object(generated, "ports");
        portsNode.put("grpc", -1);
        portsNode.put("https", ports.https());
        portsNode.put("http", ports.http());
        Timing timing = config.timing();
        if (timing.raftMultiplier() > 0) {
            object(generated, "performance").put("raft_multiplier", timing.raftMultiplier());
        }
        timing.gossip().ifPresent(gossip -> {
            for (String pool : new String[] {"gossip_lan", "gossip_wan"}) {
                Map<String, Object> node = object(generated, pool);
                node.put("gossip_interval", gossip.gossipInterval());
                node.put("probe_interval", gossip.probeInterval());
                node.put("probe_timeout", gossip.probeTimeout());
                node.put("suspicion_mult", gossip.suspicionMult());
            }
        });
        config.encryptKey().ifPresent(key -> generated.put("encrypt", key));
        config.aclMasterToken().ifPresent(master -> {
            generated.put("primary_datacenter", config.primaryDatacenter());
            Map<String, Object> acl = object(generated, "acl");
            acl.put("enabled", true);
            acl.put("default_policy", "deny");
            acl.put("down_policy", "extend-cache");
            Map<String, Object> tokens = object(acl, "tokens");
            if (config.datacenter().equals(config.primaryDatacenter())) {
                tokens.put("master", master);
            } else {
                // A secondary datacenter replicates the primary's ACLs, so the master token works there too.
                acl.put("enable_token_replication", true);
                tokens.put("replication", master);
            }
            // The master token doubles as the agent token, so agents can register their own node.
            tokens.put("agent", master);
        });
        config.tls().ifPresent(tls -> {
            generated.put("ca_file", tls.caFile().toString());
            generated.put("cert_file", tls.clientCertFile().toString());
            generated.put("key_file", tls.clientKeyFile().toString());
            // Every connection, RPC and HTTPS alike, must present a certificate of the cluster's CA.
            generated.put("verify_incoming", true);
            generated.put("verify_outgoing", true);
            generated.put("verify_server_hostname", true);
        });
        return generated;
    }

    private static Map<String, Object> object(Map<String, Object> parent, String key) {
        Map<String, Object> child = new LinkedHashMap<>();
        parent.put(key, child);
        return child;
    }

    /** Writes the config to {@code file} atomically, so a restarting agent never reads half a file. */
    public static void write(AgentConfig config, AgentPorts ports, Path file) throws IOException {
        AtomicFiles.write(file, render(config, ports));
    }
}
