package io.github.consulembedded.internal.reuse;

import io.github.consulembedded.ClusterListener;
import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.ConsulBinary;
import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.internal.cluster.Cluster;
import io.github.consulembedded.internal.cluster.ClusterHost;
import io.github.consulembedded.internal.cluster.HostedClusters;
import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.json.ObjectNode;
import io.github.consulembedded.internal.security.ClusterSecurity;
import io.github.consulembedded.internal.util.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a run a reused cluster: attaches to a ready one of an equal spec that no other run uses
 * (waiting a bounded time for a busy one), has its keeper check that it is ready and reset it,
 * and returns it as a cluster of this JVM; when none matches, starts one under a new keeper so
 * that it outlives this JVM.
 */
public final class ReuseAttach {
    private static final Logger LOG = LoggerFactory.getLogger(io.github.consulembedded.ConsulCluster.class);

    private ReuseAttach() {
    }

    /** Whether reuse may happen here; says why not where {@code CI=true} turns it off. */
    public static boolean allowedHere() {
        if (ReuseSwitch.current().allowed()) {
            return true;
        }
        LOG.info("Not reusing the Consul cluster: CI=true turns reuse off (set {}=force to reuse anyway)", ReuseSwitch.PROPERTY);
        return false;
    }

    /** A reused cluster of {@code spec}: attached to if one matches, else started for this and later runs. */
    public static Cluster startOrAttach(ClusterSpec spec, List<ClusterListener> listeners) {
        ReuseSwitch settings = ReuseSwitch.current();
        long began = System.nanoTime();
        ConsulBinary binary = spec.binary().orElseGet(() -> ConsulBinary.resolve(spec.binarySettings()));
        String key = SpecKey.of(spec, binary);
        LOG.debug("Attach: binary and key after {} ms", (System.nanoTime() - began) / 1_000_000);
        ReuseRegistry registry = ReuseRegistry.current();
        for (ReuseEntry entry : registry.entries()) {
            if (!key.equals(entry.key().orElse(null)) || !entry.state().map(KeeperState::isReady).orElse(false)) {
                continue;
            }
            Optional<ReuseLock> lock = ReuseLock.acquire(entry.lockFile(), settings.attachWait());
            if (lock.isEmpty()) {
                LOG.info("The reused Consul cluster {} is used by another run (pid {}) and stayed busy for {}; "
                        + "looking for another one or starting one", entry.id(),
                        entry.read(entry.attachedFile()).map(String::trim).orElse("?"), Durations.format(settings.attachWait()));
                continue;
            }
            Optional<Cluster> attached = attach(spec, binary, listeners, entry, lock.get(), began);
            if (attached.isPresent()) {
                return attached.get();
            }
        }
        return startNew(spec, binary, listeners, key, registry, settings, began);
    }

    private static Optional<Cluster> attach(ClusterSpec spec, ConsulBinary binary, List<ClusterListener> listeners,
            ReuseEntry entry, ReuseLock lock, long began) {
        Optional<KeeperState> read = entry.state();
        if (read.isEmpty() || !read.get().isReady() || !entry.keeperAlive()) {
            lock.close();
            return Optional.empty();
        }
        KeeperState state = read.get();
        List<String> expected = new ArrayList<>(spec.serverNodes());
        expected.addAll(spec.clientNodes());
        List<String> actual = state.agents().stream().map(KeeperState.Node::node).toList();
        if (!actual.equals(expected)) {
            // A run added or removed clients: the cluster no longer is what its spec says.
            LOG.info("The reused Consul cluster {} has the nodes {}, not {}; stopping it", entry.id(), actual, expected);
            entry.write(entry.stopFile(), "topology changed\n");
            lock.close();
            return Optional.empty();
        }
        KeeperHost host = new KeeperHost(entry, lock, state, spec.readyTimeout());
        try {
            // The keeper brings back what a previous run left stopped or frozen, checks that the cluster
            // is ready and resets it, in its warm JVM, while this one builds its view of the cluster.
            KeeperChannel.Pending prepared = host.startPrepare();
            LOG.debug("Attach: locked and asked the keeper to prepare after {} ms", (System.nanoTime() - began) / 1_000_000);
            List<ClusterHost.HostedNode> nodes = state.agents().stream().map(KeeperHost::hosted).toList();
            ClusterSecurity security = ClusterSecurity.hosted(spec, binary, state.gossipKey(), state.aclMasterToken(),
                    state.tlsFolder() == null ? null : Path.of(state.tlsFolder()));
            Cluster cluster = HostedClusters.assemble(spec, binary, security, listeners, nodes, host);
            LOG.debug("Attach: assembled after {} ms", (System.nanoTime() - began) / 1_000_000);
            host.finishPrepare(prepared);
            LOG.debug("Attach: reset after {} ms", (System.nanoTime() - began) / 1_000_000);
            host.markAttached();
            LOG.info("Reusing Consul cluster {} ({}), started {} ago; attached and reset in {}", entry.id(),
                    spec.describe(), Durations.format(Duration.ofMillis(System.currentTimeMillis() - state.readyAtMillis())),
                    Durations.format(Duration.ofNanos(System.nanoTime() - began)));
            return Optional.of(cluster);
        } catch (RuntimeException e) {
            LOG.warn("The reused Consul cluster {} is not healthy ({}); stopping it and looking further", entry.id(),
                    e.getMessage());
            entry.write(entry.stopFile(), "unhealthy\n");
            host.detach();
            return Optional.empty();
        }
    }

    private static Cluster startNew(ClusterSpec spec, ConsulBinary binary, List<ClusterListener> listeners, String key,
            ReuseRegistry registry, ReuseSwitch settings, long began) {
        ReuseEntry entry = registry.create(key);
        ReuseLock lock = ReuseLock.acquire(entry.lockFile(), Duration.ZERO)
                .orElseThrow(() -> new ConsulEmbeddedException("cannot lock the new reused cluster entry " + entry));
        Duration idle = settings.idleTimeout();
        KeeperState state;
        try {
            ObjectNode request = Json.object();
            request.put("key", key);
            request.set("spec", SpecCodec.encode(spec, binary));
            request.put("idleTimeoutMillis", idle.toMillis());
            entry.write(entry.requestFile(), Json.write(request));
            state = KeeperLauncher.launch(entry, spec.readyTimeout());
        } catch (RuntimeException e) {
            lock.close();
            entry.delete();
            throw e;
        }
        KeeperHost host = new KeeperHost(entry, lock, state, spec.readyTimeout());
        List<ClusterHost.HostedNode> nodes = state.agents().stream().map(KeeperHost::hosted).toList();
        ClusterSecurity security = ClusterSecurity.hosted(spec, binary, state.gossipKey(), state.aclMasterToken(),
                state.tlsFolder() == null ? null : Path.of(state.tlsFolder()));
        Cluster cluster = HostedClusters.assemble(spec, binary, security, listeners, nodes, host);
        host.markAttached();
        LOG.info("Started a reusable Consul cluster {} ({}) in {}, keeper pid {}; it stays up until {} idle or --stop-reused",
                entry.id(), spec.describe(), Durations.format(Duration.ofNanos(System.nanoTime() - began)),
                state.keeperPid(), Durations.format(idle));
        return cluster;
    }
}
