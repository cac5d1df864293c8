package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.ServiceRegistration;
import io.github.consulembedded.internal.agent.Agent;
import io.github.consulembedded.internal.util.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Services where applications put them: registered on client agents (round robin), never on a
 * server unless asked, and deregistered through the agent that owns them, so that anti-entropy
 * does not bring them back.
 */
public final class ServiceRegistry {
    private static final Duration CATALOG_TIMEOUT = Duration.ofSeconds(10);

    private final AtomicInteger roundRobin = new AtomicInteger();

    /** Registers on the next running client; returns the owner. */
    public Agent register(Cluster cluster, ServiceRegistration service) {
        String primary = cluster.spec().datacenter();
        List<Agent> running = cluster.agents().clients().stream()
                .filter(a -> a.datacenter().equals(primary) && a.isRunning() && !a.isFrozen()).toList();
        if (running.isEmpty()) {
            throw new IllegalStateException("the cluster has no running client agent to register " + service.id()
                    + " on; add clients, or name an agent with registerService(agent, service)");
        }
        Agent owner = running.get(Math.floorMod(roundRobin.getAndIncrement(), running.size()));
        owner.api().registerService(service);
        return owner;
    }

    /** Registers on the given agent, a server included. */
    public Agent register(Cluster cluster, Agent agent, ServiceRegistration service) {
        Faults.own(cluster, agent).api().registerService(service);
        return agent;
    }

    /**
     * Deregisters through every agent that owns the service, then waits until the catalog no
     * longer lists it. Returns the nodes it was deregistered from.
     */
    public List<String> deregister(Cluster cluster, String serviceId) {
        List<String> owners = new ArrayList<>();
        java.util.Set<String> datacenters = new java.util.LinkedHashSet<>(List.of(cluster.spec().datacenter()));
        for (Agent agent : cluster.agents().answering()) {
            if (agent.api().agentServices().containsKey(serviceId)) {
                agent.api().deregisterService(serviceId);
                owners.add(agent.node());
                datacenters.add(agent.datacenter());
            }
        }
        ClusterAwaits.await(cluster, "service " + serviceId + " to leave the catalog", CATALOG_TIMEOUT, Duration.ofMillis(5),
                () -> datacenters.stream().anyMatch(dc -> CatalogState.serviceIds(cluster, dc).contains(serviceId))
                        ? Poll.Check.notYet("the catalog still lists " + serviceId) : Poll.Check.done(Boolean.TRUE));
        return owners;
    }
}
