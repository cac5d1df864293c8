package io.github.consulembedded.cli;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.ConsulHttpException;
import io.github.consulembedded.ConsulMember;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The two questions the command asks a server every round, leader and member statuses, through
 * the library's own client with a short timeout, so that a server that hangs (frozen, say) cannot
 * stall a round. The agent's client carries its ACL token and, with TLS, its client certificate.
 */
final class AgentProbe {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    /** The leader's server address ({@code host:port}) as {@code agent} knows it, or "" while there is none. */
    String leader(ConsulAgent agent) throws IOException {
        try {
            return http(agent).leader();
        } catch (ConsulHttpException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The gossip status ("alive", "failed", "left", ...) of each LAN member {@code agent} sees, by node name. */
    Map<String, String> memberStatuses(ConsulAgent agent) throws IOException {
        Map<String, String> statuses = new HashMap<>();
        try {
            for (ConsulMember member : http(agent).members()) {
                statuses.put(member.name(), member.status().name().toLowerCase(Locale.ROOT));
            }
        } catch (ConsulHttpException e) {
            throw new IOException(e.getMessage(), e);
        }
        return statuses;
    }

    private static ConsulHttp http(ConsulAgent agent) {
        return agent.http().withTimeout(TIMEOUT);
    }
}
