package io.github.consulembedded.samples.demo;

import io.github.consulembedded.BinarySettings;
import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.ConsulCluster;
import java.awt.GraphicsEnvironment;
import java.awt.event.WindowEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;
import javax.swing.SwingUtilities;

/**
 * The desktop demo: starts a cluster (3 servers + 3 clients by default, in each of several
 * WAN-federated datacenters if asked) or attaches to a local cluster command's status file, and
 * shows it live in a window where agents can be killed, stopped, restarted, added and removed.
 * Closing the window stops what the demo started.
 */
public final class DesktopDemo {

    private DesktopDemo() {
    }

    public static void main(String[] args) throws Exception {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(DemoOptions.USAGE);
            return;
        }
        if (GraphicsEnvironment.isHeadless()) {
            System.err.println("The desktop demo needs a display: set DISPLAY, or run it under xvfb-run");
            System.exit(2);
            return;
        }
        ClusterControl control;
        try {
            control = options.statusFile().<ClusterControl>map(AttachedClusterControl::new).orElseGet(() -> start(options));
        } catch (RuntimeException e) {
            System.err.println("The desktop demo could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        ClusterModel model = new ClusterModel(control);
        model.start();
        AtomicReference<DemoFrame> frame = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> {
            DemoFrame f = new DemoFrame(model, () -> System.exit(0));
            f.setLocationRelativeTo(null);
            f.setVisible(true);
            frame.set(f);
        });
        if (options.screenshot().isPresent()) {
            try {
                tour(frame.get(), model, options.screenshot().get());
            } finally {
                SwingUtilities.invokeLater(() -> frame.get().dispatchEvent(new WindowEvent(frame.get(), WindowEvent.WINDOW_CLOSING)));
            }
        }
    }

    private static ClusterControl start(DemoOptions options) {
        ClusterSpec.Builder builder = ConsulCluster.builder().servers(options.servers()).clients(options.clients())
                .datacenters(options.datacenters().toArray(String[]::new)).domain(options.domain());
        options.binary().ifPresent(b -> builder.binarySettings(BinarySettings.defaults().newBuilder().binary(b).build()));
        System.out.println("Starting " + (options.federated() ? "datacenters " + String.join(", ", options.datacenters())
                + ", each with " : "") + options.servers() + " servers + " + options.clients() + " clients ...");
        ConsulCluster cluster = builder.start();
        StringJoiner leaders = new StringJoiner(", ");
        for (String dc : cluster.datacenters()) {
            leaders.add(cluster.leader(dc).node() + (options.federated() ? " in " + dc : ""));
        }
        System.out.println("Cluster ready; leader " + leaders + ". Close the window to stop it.");
        return new ManagedClusterControl(cluster);
    }

    /**
     * The scripted tour behind {@code --screenshot}: KV entries and two demo services, then the
     * "Kill leader" button, then waits until a leader is elected and the supervisor brought the
     * old one back, and saves the window.
     */
    private static void tour(DemoFrame frame, ClusterModel model, Path png) throws Exception {
        Duration patience = Duration.ofSeconds(60);
        DemoActions actions = new DemoActions(model);
        model.await(s -> s.everyDatacenterHasALeader() && !s.agents().isEmpty()
                && s.agents().stream().allMatch(a -> a.status() == AgentStatus.ALIVE), patience);
        actions.kvPut("demo/greeting", "hello from the desktop demo");
        actions.kvPut("demo/limits/max-connections", "64");
        actions.registerDemoService(Optional.of("consul-client-1"));
        actions.registerDemoService(Optional.of("consul-client-2"));
        model.await(s -> s.instancesOf(DemoActions.DEMO_SERVICE).size() == 2
                && s.instancesOf(DemoActions.DEMO_SERVICE).stream().allMatch(x -> x.health().equals("passing")), patience);

        // The supervisor restarts a killed server within about 200 ms, before the followers' election
        // timeout, so the old leader sometimes wins again; kill again (at most 3 times) to show a new one.
        String old = "";
        for (int attempt = 1; attempt <= 3; attempt++) {
            ClusterSnapshot before = model.snapshot();
            String killed = before.leader();
            long oldPid = before.agent(killed).orElseThrow().pid();
            SwingUtilities.invokeAndWait(frame.panel().killLeaderButton()::doClick);
            // With several datacenters the button kills the primary's leader: nothing is selected yet, then the killed one is.
            ClusterSnapshot after = model.await(s -> s.everyDatacenterHasALeader() && s.agent(killed)
                    .filter(a -> a.status() == AgentStatus.ALIVE && a.pid() != oldPid).isPresent(), patience);
            old = killed;
            if (!after.leader().equals(killed)) {
                break;
            }
            System.out.println("Killed leader " + killed + " was restarted and re-elected; killing it again");
        }
        String killedLast = old;
        SwingUtilities.invokeAndWait(() -> {
            frame.panel().select(killedLast);
            frame.panel().show(model.snapshot());
        });
        SwingUtilities.invokeAndWait(() -> {
            try {
                frame.writePng(png);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        System.out.println("Saved " + png.toAbsolutePath() + " (leader " + model.snapshot().leader() + ", " + killedLast + " was killed)");
    }
}
