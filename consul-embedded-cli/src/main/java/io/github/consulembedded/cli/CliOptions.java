package io.github.consulembedded.cli;

import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.Timing;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the local cluster command was asked to do, as parsed by {@link CliParser}.
 *
 * @param servers number of servers per datacenter, at least 1
 * @param clients number of client agents per datacenter, at least 0
 * @param datacenters the datacenters, the primary first; several are federated over WAN, each with
 *        {@code servers} servers and {@code clients} clients
 * @param domain the DNS domain
 * @param recursors upstream DNS servers, {@code HOST[:PORT]}
 * @param dataDir a persistent data folder, or empty for temporary folders removed on exit
 * @param consulVersion the Consul version to fetch, or empty for the configured default
 * @param binary an explicit consul executable, or empty to resolve one
 * @param timing raft timing
 * @param ui whether agents serve the web UI
 * @param statusFile where to write the JSON status, or empty for none
 * @param encrypt whether gossip is encrypted with a generated key
 * @param acl whether ACLs are on with a generated master token
 * @param tls whether TLS is on with a generated CA
 * @param help whether only the usage was asked for
 * @param version whether only the version was asked for
 * @param listReused whether only the list of reused clusters was asked for
 * @param stopReused whether only stopping every reused cluster was asked for
 */
record CliOptions(int servers, int clients, List<String> datacenters, String domain, List<String> recursors,
                         Optional<Path> dataDir, Optional<String> consulVersion, Optional<Path> binary,
                         Timing timing, boolean ui, Optional<Path> statusFile, boolean encrypt, boolean acl,
                         boolean tls, boolean help, boolean version, boolean listReused,
                         boolean stopReused) {

    /**
     * Client agents the command starts by default: three, unlike the library's none, so that a
     * developer's cluster looks like production (3 servers and 3 clients).
     */
    static final int DEVELOPER_CLIENTS = 3;

    CliOptions {
        datacenters = List.copyOf(datacenters);
        recursors = List.copyOf(recursors);
    }

    /** The first (primary) datacenter, the only one unless several were asked for. */
    String datacenter() {
        return datacenters.get(0);
    }

    /** Whether several datacenters are federated. */
    boolean federated() {
        return datacenters.size() > 1;
    }

    /**
     * The cluster these options describe, as the library's spec builder (the binary is resolved
     * and set by the command). A lone server is no {@code -dev} server here: a developer's
     * cluster should behave like production.
     */
    ClusterSpec.Builder cluster() {
        ClusterSpec.Builder b = ClusterSpec.builder()
                .servers(servers)
                .clients(clients)
                .datacenters(datacenters.toArray(String[]::new))
                .domain(domain)
                .recursors(recursors)
                .ui(ui)
                .timing(timing)
                .devModeForSingleServer(false)
                .dataRoot(dataDir.orElse(null));
        if (encrypt) {
            b.encrypt();
        }
        if (acl) {
            b.acl();
        }
        if (tls) {
            b.tls();
        }
        return b;
    }
}
