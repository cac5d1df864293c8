package io.github.consulembedded.internal.readiness;

import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.internal.agent.Agent;
import java.util.List;

/**
 * The last condition of "ready": an application can use the datacenter now. A consistent read
 * through its application agent reaches a leader that has applied its log (after a restart from a
 * data dir, the leader reports itself before its state is restored), and with ACLs the new ACL
 * system is up (right after start Consul answers "The ACL system is currently in legacy mode").
 */
public final class ClusterUsable {
    /** A key nobody writes: reading it consistently goes through the leader without leaving state. */
    public static final String PROBE_KEY = "/v1/kv/consul-embedded-leader-probe?consistent";

    private ClusterUsable() {
    }

    /**
     * Empty when usable; otherwise the reason. With ACLs every server is asked, since each leaves
     * legacy mode on its own and a client's call may reach any of them.
     */
    public static List<String> problems(Agent applicationAgent, List<Agent> servers, boolean acl) {
        Agent asked = applicationAgent;
        try {
            applicationAgent.probe().getIfPresent(PROBE_KEY);
            if (acl) {
                for (Agent server : servers) {
                    asked = server;
                    server.probe().get("/v1/acl/token/self");
                }
            }
            return List.of();
        } catch (ConsulEmbeddedException e) {
            return List.of(asked.node() + ": not usable yet: " + e.getMessage());
        }
    }
}
