package io.github.consulembedded.internal.security;

import io.github.consulembedded.ConsulBinary;
import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulTls;
import io.github.consulembedded.internal.agent.AgentConfig;

import io.github.consulembedded.internal.util.FileTree;
import io.github.consulembedded.internal.process.WorkArea;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster's protections, made once per cluster and applied to every agent: the gossip key, the
 * ACL master token, and the TLS CA with a certificate per agent plus one for the cluster's users.
 */
public final class ClusterSecurity implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsulCluster.class);

    private final ClusterSpec request;
    private final String datacenter;
    private final String domain;
    private final String gossipKey;
    private final String aclMasterToken;
    private final CertificateAuthority certificateAuthority;
    private final List<Path> usersCertificate;
    private final Path temporaryTlsFolder;

    private ClusterSecurity(ClusterSpec request, String datacenter, String domain, String gossipKey, String aclMasterToken,
                            CertificateAuthority certificateAuthority, List<Path> usersCertificate, Path temporaryTlsFolder) {
        this.request = request;
        this.datacenter = datacenter;
        this.domain = domain;
        this.gossipKey = gossipKey;
        this.aclMasterToken = aclMasterToken;
        this.certificateAuthority = certificateAuthority;
        this.usersCertificate = usersCertificate;
        this.temporaryTlsFolder = temporaryTlsFolder;
    }

    /** Generates (or, for a persistent cluster, reuses) what {@code request} asks for. */
    public static ClusterSecurity prepare(ClusterSpec request, ConsulBinary binary) {
        Path dataRoot = request.dataRoot().orElse(null);
        String datacenter = request.datacenter();
        String domain = request.domain();
        String key = null;
        if (request.encrypt()) {
            key = request.gossipKey().orElseGet(() -> storedGossipKey(dataRoot).orElseGet(GossipKeys::generate));
        }
        String token = null;
        if (request.acl()) {
            token = request.aclMasterToken().orElseGet(() -> UUID.randomUUID().toString());
        }
        CertificateAuthority ca = null;
        List<Path> users = null;
        Path temporary = null;
        if (request.tls()) {
            Path folder = dataRoot == null ? WorkArea.get().newFolder("tls") : dataRoot.resolve("tls");
            temporary = dataRoot == null ? folder : null;
            ca = CertificateAuthority.createOrReuse(binary.executable(), folder);
            // For the users of the cluster and their tools: agents accept no connection without one.
            users = ca.certificateFor("users", false, datacenter, domain);
        }
        if (request.bindAll()) {
            LOG.warn("bindAll(): agents listen on every network interface (0.0.0.0); the cluster is reachable from "
                    + "the network{}", request.acl() || request.tls() ? "" : " without ACLs or TLS");
        }
        return new ClusterSecurity(request, datacenter, domain, key, token, ca, users, temporary);
    }

    /**
     * The protections of a cluster another process made (a reused cluster's keeper): its key,
     * token and the TLS folder holding its CA and certificates, which stay where they are on close.
     */
    public static ClusterSecurity hosted(ClusterSpec request, ConsulBinary binary, String gossipKey, String aclMasterToken,
            Path tlsFolder) {
        CertificateAuthority ca = null;
        List<Path> users = null;
        if (tlsFolder != null) {
            ca = CertificateAuthority.createOrReuse(binary.executable(), tlsFolder);
            users = ca.certificateFor("users", false, request.datacenter(), request.domain());
        }
        return new ClusterSecurity(request, request.datacenter(), request.domain(), gossipKey, aclMasterToken, ca, users, null);
    }

    /** The folder of the CA and the certificates, if TLS is on. */
    public Optional<Path> tlsFolder() {
        return certificateAuthority == null ? Optional.empty() : Optional.of(certificateAuthority.caFile().getParent().getParent());
    }

    /**
     * A persistent cluster that encrypted gossip before keeps its first key in every data dir;
     * reuse it rather than generate one Consul would ignore.
     */
    private static Optional<String> storedGossipKey(Path dataRoot) {
        if (dataRoot == null) {
            return Optional.empty();
        }
        Path server = dataRoot.resolve(ClusterSpec.serverNode(1));
        List<String> stored = GossipKeys.storedKeys(server);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        LOG.info("Reusing the gossip key stored in {} (Consul keeps the first key of a persistent data dir)", server);
        return Optional.of(stored.get(0));
    }

    /** Gives one agent the key, the token, its own certificate and the bind addresses. */
    public void applyTo(AgentConfig.Builder agent, String node, boolean server, String agentDatacenter) {
        if (gossipKey != null) {
            agent.encryptKey(gossipKey);
        }
        if (aclMasterToken != null) {
            agent.aclMasterToken(aclMasterToken);
        }
        if (certificateAuthority != null) {
            List<Path> cert = certificateAuthority.certificateFor(node, server, agentDatacenter, domain);
            agent.tls(new ConsulTls(certificateAuthority.caFile(), cert.get(0), cert.get(1))).httpWithTls(request.httpWithTls());
        }
        if (request.bindAll()) {
            agent.bindAddress("0.0.0.0").clientAddress("0.0.0.0");
        }
    }

    public Optional<String> gossipKey() {
        return Optional.ofNullable(gossipKey);
    }

    public Optional<String> aclMasterToken() {
        return Optional.ofNullable(aclMasterToken);
    }

    public Optional<ConsulTls> tls() {
        return certificateAuthority == null ? Optional.empty()
                : Optional.of(new ConsulTls(certificateAuthority.caFile(), usersCertificate.get(0), usersCertificate.get(1)));
    }

    /** Removes the certificates of a non-persistent cluster. */
    @Override
    public void close() {
        if (temporaryTlsFolder != null) {
            FileTree.deleteQuietly(temporaryTlsFolder);
        }
    }
}
