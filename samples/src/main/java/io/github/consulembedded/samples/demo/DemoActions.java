package io.github.consulembedded.samples.demo;

import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.ServiceRegistration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the demo's buttons do, without Swing: process actions go to the {@link ClusterControl},
 * services and KV go through the agents' HTTP API of the primary datacenter (whose catalog and KV
 * the demo shows), and every action is noted in the model's events. Each method blocks until the
 * action is done; the window calls them off the event thread.
 */
public final class DemoActions {
    /** The name under which the demo registers its services. */
    public static final String DEMO_SERVICE = "demo-web";

    private final ClusterModel model;
    private final ClusterControl control;
    private static final AtomicInteger SERVICE_COUNTER = new AtomicInteger();

    public DemoActions(ClusterModel model) {
        this.model = model;
        this.control = model.control();
    }

    /** Kills the current leader of the primary datacenter; returns its node name. */
    public String killLeader() {
        return killLeader(model.snapshot().primary());
    }

    /** Kills the current leader of {@code datacenter}; returns its node name. */
    public String killLeader(String datacenter) {
        String leader = model.snapshot().leader(datacenter);
        if (leader.isEmpty()) {
            throw new IllegalStateException("there is no leader in " + datacenter + " right now to kill; wait for the election");
        }
        kill(leader);
        return leader;
    }

    public void kill(String node) {
        model.note("demo: kill -9 " + node);
        control.kill(node);
        model.refreshNow();
    }

    public void stop(String node) {
        model.note("demo: stop " + node);
        control.stop(node);
        model.refreshNow();
    }

    public void restart(String node) {
        model.note("demo: restart " + node);
        control.restart(node);
        model.refreshNow();
    }

    public String addClient() {
        model.note("demo: add a client");
        String node = control.addClient();
        model.note("demo: " + node + " joined");
        model.refreshNow();
        return node;
    }

    public void removeClient(String node) {
        model.note("demo: " + node + " leaves the cluster");
        control.removeClient(node);
        model.refreshNow();
    }

    /**
     * Registers a {@value #DEMO_SERVICE} instance on {@code node} (a client of the primary
     * datacenter unless none is given, it is a server or of another datacenter: then the primary's
     * first running client), with a TCP check on that agent's own HTTP port, so its health turns
     * passing once the check ran. Returns the service id.
     */
    public String registerDemoService(Optional<String> node) {
        String primary = control.datacenters().get(0);
        AgentHandle owner = node.flatMap(this::runningAgent).filter(a -> !a.server() && a.datacenter().equals(primary))
                .or(() -> control.agents().stream().filter(a -> a.running() && !a.server() && a.datacenter().equals(primary))
                        .findFirst())
                .or(() -> node.flatMap(this::runningAgent).filter(a -> a.datacenter().equals(primary)))
                .orElseThrow(() -> new IllegalStateException("no running client agent in " + primary
                        + " to register a service on"));
        String id = DEMO_SERVICE + "-" + SERVICE_COUNTER.incrementAndGet();
        ServiceRegistration service = ServiceRegistration.builder(DEMO_SERVICE).id(id).address("127.0.0.1")
                .port(owner.httpAddress().getPort()).tags("demo")
                .tcpCheck("127.0.0.1:" + owner.httpAddress().getPort(), Duration.ofSeconds(1)).build();
        owner.http().registerService(service);
        model.note("demo: registered " + id + " on " + owner.node());
        return id;
    }

    /**
     * Deregisters a service where it sticks: through the agent API of the node that owns it,
     * as the catalog lists it (deregistering elsewhere is undone by anti-entropy). Returns the owners.
     */
    public List<String> deregisterService(String serviceId) {
        List<String> owners = new ArrayList<>();
        for (ClusterSnapshot.Service s : model.snapshot().services()) {
            if (s.id().equals(serviceId)) {
                owners.add(s.node());
            }
        }
        List<String> done = new ArrayList<>();
        for (String node : owners) {
            Optional<AgentHandle> agent = runningAgent(node);
            if (agent.isPresent()) {
                agent.get().http().deregisterService(serviceId);
                done.add(node);
            }
        }
        model.note("demo: deregistered " + serviceId + (done.isEmpty() ? " (no running owner found)" : " on " + String.join(", ", done)));
        return done;
    }

    /** The id of the newest demo service in the catalog, if any. */
    public Optional<String> newestDemoService() {
        return model.snapshot().instancesOf(DEMO_SERVICE).stream().map(ClusterSnapshot.Service::id)
                .reduce((a, b) -> b);
    }

    public Optional<String> kvGet(String key) {
        return anyHttp().kvGet(key);
    }

    public void kvPut(String key, String value) {
        anyHttp().kvPut(key, value);
        model.note("demo: kv put " + key);
    }

    public void kvDelete(String key) {
        anyHttp().kvDelete(key);
        model.note("demo: kv delete " + key);
    }

    private Optional<AgentHandle> runningAgent(String node) {
        return control.agents().stream().filter(a -> a.node().equals(node) && a.running()).findFirst();
    }

    /** A running agent of the primary datacenter, a client if one runs. */
    private ConsulHttp anyHttp() {
        String primary = control.datacenters().get(0);
        AgentHandle agent = control.agents().stream().filter(a -> a.running() && a.datacenter().equals(primary))
                .min((a, b) -> Boolean.compare(a.server(), b.server()))
                .orElseThrow(() -> new IllegalStateException("no agent is running in " + primary));
        return agent.http();
    }
}
