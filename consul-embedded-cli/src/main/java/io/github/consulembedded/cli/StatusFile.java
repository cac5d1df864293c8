package io.github.consulembedded.cli;

import io.github.consulembedded.internal.json.ArrayNode;
import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.json.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The machine-readable view of the running cluster: a JSON file replaced atomically (written
 * beside it, then renamed over it), so a reader sees the old or the new content, never half.
 * It is written with the core's internal JSON writer (the command ships with the core of the
 * same build), so that the command loads no JSON library before it prints READY.
 */
final class StatusFile {
    private final Path file;
    private volatile Security security = Security.NONE;

    /**
     * The cluster's protections as the status file reports them.
     *
     * @param gossipEncrypted whether gossip is encrypted
     * @param aclMasterToken the ACL master token, or {@code null} without ACLs
     * @param caFile the TLS CA file, or {@code null} without TLS
     * @param clientCertFile a client certificate of that CA, or {@code null} without TLS
     * @param clientKeyFile its key, or {@code null} without TLS
     */
    record Security(boolean gossipEncrypted, String aclMasterToken, Path caFile, Path clientCertFile,
                           Path clientKeyFile) {
        static final Security NONE = new Security(false, null, null, null, null);
    }

    /** A status file at {@code file}; nothing is written until {@link #write}. */
    StatusFile(Path file) {
        this.file = file.toAbsolutePath();
    }

    /** Sets what the security fields report; fixed for a cluster's life, so set once before the first write. */
    void security(Security security) {
        this.security = security;
    }

    /** The absolute path of the file. */
    Path path() {
        return file;
    }

    /**
     * The status document: datacenter and leader (of the primary datacenter), leaders (by
     * datacenter), domain, consulVersion, the security fields (all off), cliPid and the agents,
     * each with its datacenter and with ports as numbers, -1 where disabled.
     */
    static ObjectNode toJson(ClusterSnapshot snapshot, long cliPid) {
        return toJson(snapshot, cliPid, Security.NONE);
    }

    /** The status document with the given security fields. */
    static ObjectNode toJson(ClusterSnapshot snapshot, long cliPid, Security security) {
        ObjectNode root = Json.object();
        root.put("datacenter", snapshot.datacenter());
        root.put("domain", snapshot.domain());
        root.put("consulVersion", snapshot.consulVersion());
        putLeader(root, "leader", snapshot, snapshot.datacenter());
        // Always, also for one datacenter, so that readers need not know whether the cluster is federated.
        ObjectNode leaders = root.putObject("leaders");
        for (String dc : snapshot.datacenters()) {
            putLeader(leaders, dc, snapshot, dc);
        }
        root.put("gossipEncrypted", security.gossipEncrypted());
        if (security.aclMasterToken() == null) {
            root.putNull("aclMasterToken");
        } else {
            root.put("aclMasterToken", security.aclMasterToken());
        }
        putPath(root, "caFile", security.caFile());
        putPath(root, "clientCertFile", security.clientCertFile());
        putPath(root, "clientKeyFile", security.clientKeyFile());
        root.put("cliPid", cliPid);
        ArrayNode agents = root.putArray("agents");
        for (ClusterSnapshot.Agent a : snapshot.agents()) {
            ObjectNode n = agents.addObject();
            n.put("node", a.node());
            n.put("datacenter", a.datacenter());
            n.put("role", a.role());
            n.put("pid", a.pid());
            n.put("address", a.address());
            n.put("http", a.ports().http());
            n.put("https", a.ports().https());
            n.put("dns", a.ports().dns());
            n.put("serfLan", a.ports().serfLan());
            n.put("serfWan", a.ports().serfWan());
            n.put("server", a.ports().server());
            n.put("dataDir", a.dataDir());
            if (a.uiUrl() == null) {
                n.putNull("uiUrl");
            } else {
                n.put("uiUrl", a.uiUrl());
            }
            n.put("status", a.status() == null ? "unknown" : a.status());
        }
        return root;
    }

    private static void putLeader(ObjectNode node, String field, ClusterSnapshot snapshot, String datacenter) {
        if (snapshot.hasLeader(datacenter)) {
            node.put(field, snapshot.leader(datacenter));
        } else {
            node.putNull(field);
        }
    }

    private static void putPath(ObjectNode node, String field, Path path) {
        if (path == null) {
            node.putNull(field);
        } else {
            node.put(field, path.toString());
        }
    }

    /** Replaces the file with the snapshot's JSON, creating missing parent folders. */
    void write(ClusterSnapshot snapshot, long cliPid) throws IOException {
        Path parent = file.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, Json.write(toJson(snapshot, cliPid, security)) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Removes the file, so that its presence means a running cluster; true if it was there. */
    boolean delete() {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            return false;
        }
    }
}
