package io.github.consulembedded.internal.readiness;

import io.github.consulembedded.ConsulMember;
import io.github.consulembedded.internal.agent.Agent;
import io.github.consulembedded.internal.process.LogBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * "Ready" as a list of named checks: a real leader that every agent agrees on, every server a
 * raft peer, every member alive, every node in the catalog, and DNS answering every server. The
 * catalog checks count only once the cluster itself agrees, since they read through a server.
 */
public final class Readiness {
    private static final List<ReadinessCheck> CLUSTER = List.of(new LeaderAgreed(), new RaftPeersComplete(), new MembersAlive());
    private static final List<ReadinessCheck> CATALOG = List.of(new CatalogComplete(), new DnsAgrees());

    private Readiness() {
    }

    /** Empty when the whole topology is ready; otherwise one line per problem, from the first failing checks. */
    public static List<String> problems(ClusterObservation o) {
        List<String> problems = run(CLUSTER, o);
        return problems.isEmpty() ? run(CATALOG, o) : problems;
    }

    /**
     * The catalog checks alone, as far as the first that fails (later ones would only cost their
     * requests): for an observation {@link ClusterObservation#ofCatalog of the catalog}.
     */
    public static List<String> catalogProblems(ClusterObservation o) {
        for (ReadinessCheck check : CATALOG) {
            List<String> problems = check.problems(o);
            if (!problems.isEmpty()) {
                return problems;
            }
        }
        return List.of();
    }

    private static List<String> run(List<ReadinessCheck> checks, ClusterObservation o) {
        Set<String> problems = new LinkedHashSet<>();
        for (ReadinessCheck check : checks) {
            problems.addAll(check.problems(o));
        }
        return List.copyOf(problems);
    }

    /** A multi-line diagnosis: the problems, then each agent's state and last log lines. */
    public static String diagnosis(ClusterObservation o, int logLines) {
        StringBuilder out = new StringBuilder();
        List<String> problems = problems(o);
        out.append(problems.isEmpty() ? "  (no problem left at the last check)" : "  " + String.join("\n  ", problems));
        for (Agent agent : o.agents()) {
            out.append("\n  --- ").append(agent.node()).append(" (").append(agent.role().label())
                    .append(", pid ").append(agent.pid()).append(", ").append(agent.httpAddress()).append(")")
                    .append(" leader='").append(o.error(agent).isPresent() ? "?" : o.leaderSeenBy(agent)).append("'");
            if (agent.isServer()) {
                out.append(" peers=").append(o.peersSeenBy(agent));
            }
            Optional<List<ConsulMember>> seen = o.membersSeenBy(agent);
            if (seen.isPresent()) {
                List<String> described = new ArrayList<>();
                for (ConsulMember m : seen.get()) {
                    described.add(m.name() + ":" + m.status().name().toLowerCase(Locale.ROOT));
                }
                out.append(" members=").append(described);
            }
            out.append("\n").append(LogBuffer.quote(agent.recentLog(logLines)));
        }
        return out.toString();
    }
}
