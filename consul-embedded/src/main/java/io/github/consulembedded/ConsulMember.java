package io.github.consulembedded;

import java.util.Map;

/**
 * One entry of an agent's member list.
 *
 * @param name node name
 * @param address gossip address
 * @param port serf LAN port
 * @param status gossip status
 * @param role "consul" for servers, "node" for clients (Consul's {@code role} tag)
 * @param tags all serf tags
 */
public record ConsulMember(String name, String address, int port, MemberStatus status, String role,
                           Map<String, String> tags) {

    public boolean isServer() {
        return "consul".equals(role);
    }

    public boolean isAlive() {
        return status == MemberStatus.ALIVE;
    }
}
