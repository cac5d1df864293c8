package io.github.consulembedded;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ports of one agent. {@code https} is -1 unless TLS is on, {@code http} is -1 when TLS
 * turned it off; gRPC is always disabled.
 *
 * @param http HTTP API and UI, or -1 when disabled
 * @param https HTTPS API, or -1 when disabled
 * @param dns DNS (UDP and TCP)
 * @param serfLan LAN gossip (UDP and TCP), the address {@code -retry-join} names
 * @param serfWan WAN gossip (UDP and TCP)
 * @param server server RPC (raft), used by servers and dialled by clients
 */
public record AgentPorts(int http, int https, int dns, int serfLan, int serfWan, int server) {

    public AgentPorts {
        check("http", http, true);
        check("https", https, true);
        check("dns", dns, false);
        check("serfLan", serfLan, false);
        check("serfWan", serfWan, false);
        check("server", server, false);
        if (http == -1 && https == -1) {
            throw new IllegalArgumentException("http and https cannot both be disabled: the agent needs an API port");
        }
        Set<Integer> seen = new HashSet<>();
        for (int port : List.of(http, https, dns, serfLan, serfWan, server)) {
            if (port != -1 && !seen.add(port)) {
                throw new IllegalArgumentException("ports must be distinct, " + port + " appears twice in "
                        + List.of(http, https, dns, serfLan, serfWan, server));
            }
        }
    }

    private static void check(String name, int port, boolean mayBeDisabled) {
        if (mayBeDisabled && port == -1) {
            return;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(name + " port must be 1-65535" + (mayBeDisabled ? " or -1" : "")
                    + ", was " + port);
        }
    }

    /** The ports in use, in a fixed order (https only when enabled). */
    public List<Integer> asList() {
        List<Integer> ports = new ArrayList<>();
        for (int port : List.of(http, https, dns, serfLan, serfWan, server)) {
            if (port != -1) {
                ports.add(port);
            }
        }
        return List.copyOf(ports);
    }
}
