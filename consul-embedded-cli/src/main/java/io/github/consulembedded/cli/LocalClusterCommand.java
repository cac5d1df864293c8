package io.github.consulembedded.cli;

import io.github.consulembedded.AgentStartException;
import io.github.consulembedded.BinarySettings;
import io.github.consulembedded.BinaryUnavailableException;
import io.github.consulembedded.ClusterNotReadyException;
import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulBinary;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.internal.util.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * The local developer cluster command: parses the options, obtains the binary, starts the
 * cluster, prints the agents and {@code READY}, then reports changes until a signal stops it.
 * {@link #run} returns the process exit code; see {@link CliParser#usage()} for their meaning.
 */
final class LocalClusterCommand {
    /** Stopped by a signal (or --help / --version). */
    static final int OK = 0;
    /** Anything unexpected, such as an unwritable status file. */
    static final int FAILED = 1;
    /** Bad arguments or configuration; the message and the usage went to stderr. */
    static final int USAGE = 2;
    /** The Consul binary could not be obtained or verified. */
    static final int NO_BINARY = 3;
    /** The cluster did not become ready; the diagnosis went to stderr. */
    static final int NOT_READY = 4;

    private static final Duration TICK = Duration.ofSeconds(5);

    private final PrintStream out;
    private final PrintStream err;
    private final IntConsumer exit;
    private final boolean handleSignals;
    private final Object phase = new Object();
    private final CountDownLatch stop = new CountDownLatch(1);
    private boolean running;
    private boolean stopRequested;
    private ClusterWatcher runningWatcher;
    private volatile ScheduledExecutorService ticker;

    /**
     * @param exit ends the JVM when a signal arrives while the cluster is still starting
     * @param handleSignals whether to take over SIGINT/SIGTERM/SIGHUP (off in tests that run in the test JVM)
     */
    LocalClusterCommand(PrintStream out, PrintStream err, IntConsumer exit, boolean handleSignals) {
        this.out = out;
        this.err = err;
        this.exit = exit;
        this.handleSignals = handleSignals;
    }

    /** Runs the command with the JVM's streams; the caller exits with the returned code. */
    static int run(String[] args) {
        return new LocalClusterCommand(System.out, System.err, System::exit, true).execute(List.of(args));
    }

    /**
     * The library version this command was built from: the runnable jar's manifest says it (read
     * already when the JVM loaded the command), and a resource Maven filters says it where the
     * command runs from classes (exec:java, an IDE).
     */
    static String libraryVersion() {
        String manifest = LocalClusterCommand.class.getPackage().getImplementationVersion();
        if (manifest != null && !manifest.isBlank()) {
            return manifest;
        }
        try (InputStream in = LocalClusterCommand.class.getResourceAsStream("cli-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // Unknown, then.
        }
        return "unknown";
    }

    int execute(List<String> args) {
        CliOptions options;
        try {
            options = CliParser.parse(args);
        } catch (UsageException e) {
            return usageError(e.getMessage());
        }
        if (options.help()) {
            out.print(CliParser.usage());
            out.flush();
            return OK;
        }
        if (options.version()) {
            println("consul-embedded " + libraryVersion() + " (default Consul " + BinarySettings.DEFAULT_VERSION + ")");
            return OK;
        }
        if (options.listReused() || options.stopReused()) {
            return new ReusedClustersReport(this::println).run(options.stopReused());
        }
        BinarySettings settings;
        try {
            BinarySettings.Builder b = BinarySettings.builder().progressListener(new ConsoleProgress(this::println));
            options.consulVersion().ifPresent(b::version);
            options.binary().ifPresent(b::binary);
            settings = b.build();
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        if (handleSignals) {
            ShutdownSignals.install(this::onSignal);
        }
        StatusFile statusFile = options.statusFile().map(StatusFile::new).orElse(null);
        if (statusFile != null) {
            // Covers the ends that bypass the signal handlers (System.exit elsewhere, -Xrs): no stale file.
            Runtime.getRuntime().addShutdownHook(new Thread(statusFile::delete, "consul-embedded-cli-status-file"));
        }
        return startAndServe(options, settings, statusFile);
    }

    private int startAndServe(CliOptions options, BinarySettings settings, StatusFile statusFile) {
        String counts = plural(options.servers(), "server") + " and " + plural(options.clients(), "client");
        println("consul-embedded " + libraryVersion() + ": starting " + (options.federated()
                ? counts + " in each of datacenters " + String.join(", ", options.datacenters()) + " (primary "
                        + options.datacenter() + ", domain " + options.domain() + ")"
                : counts + " (datacenter " + options.datacenter() + ", domain " + options.domain() + ")"));
        if (options.servers() % 2 == 0) {
            println("Note: " + options.servers() + " servers tolerate no more failures than " + (options.servers() - 1)
                    + " and risk split votes; 3 or 5 are usual");
        }
        ConsulBinary binary;
        try {
            binary = ConsulBinary.resolve(settings);
        } catch (BinaryUnavailableException e) {
            return failure(NO_BINARY, "no Consul binary: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        }
        println("Consul " + binary.version() + " at " + binary.executable() + " ("
                + binary.source().name().toLowerCase(java.util.Locale.ROOT) + ")");
        options.consulVersion().filter(v -> binary.source() == ConsulBinary.Source.EXPLICIT && !v.equals(binary.version()))
                .ifPresent(v -> println("Note: --consul-version " + v + " does not apply: the explicit binary is used"));
        println(options.dataDir().map(d -> "Data: " + d + " (kept)").orElse("Data: temporary folders, removed on exit"));

        ClusterWatcher watcher = new ClusterWatcher(this::println, statusFile, ProcessHandle.current().pid());
        ClusterSpec.Builder builder = options.cluster().binary(binary).listener(watcher);
        long began = System.nanoTime();
        ConsulCluster cluster;
        ticker = startTicker(began, (options.servers() + options.clients()) * options.datacenters().size(), watcher);
        try {
            cluster = builder.start();
        } catch (ClusterNotReadyException | AgentStartException e) {
            return stopRequested() ? OK : failure(NOT_READY, "the cluster did not become ready:\n" + e.getMessage());
        } catch (IllegalArgumentException e) {
            return usageError(e.getMessage());
        } catch (ConsulEmbeddedException e) {
            return stopRequested() ? OK : failure(NOT_READY, "the cluster did not start: " + e.getMessage());
        } finally {
            ticker.shutdownNow();
        }
        boolean stopping = false;
        int code = OK;
        // The cluster closes first, and its supervisor with it, so that nothing restarts while it stops.
        try (watcher; cluster) {
            synchronized (phase) {
                if (stopRequested) {
                    return OK;
                }
                running = true;
                runningWatcher = watcher;
            }
            ClusterObserver observer = new ClusterObserver(cluster, options.ui());
            ClusterSnapshot ready = observer.observe();
            if (statusFile != null) {
                statusFile.security(new StatusFile.Security(cluster.gossipKey().isPresent(),
                        cluster.aclMasterToken().orElse(null), cluster.tls().map(t -> t.caFile()).orElse(null),
                        cluster.tls().map(t -> t.clientCertFile()).orElse(null),
                        cluster.tls().map(t -> t.clientKeyFile()).orElse(null)));
                try {
                    statusFile.write(ready, ProcessHandle.current().pid());
                } catch (IOException e) {
                    return failure(FAILED, "cannot write the status file " + statusFile.path() + ": " + e);
                }
            }
            printReady(cluster, ready, statusFile, System.nanoTime() - began);
            watcher.start(observer, ready);
            awaitStop();
            stopping = true;
            println("Stopping the cluster...");
        } catch (RuntimeException e) {
            // After a stop request this can only be an agent that would not stop; the rest are gone.
            err.println("consul-embedded: " + (stopping ? "while stopping: " : "") + e.getMessage());
            code = stopping ? OK : FAILED;
        } finally {
            if (statusFile != null) {
                statusFile.delete();
            }
        }
        println(code == OK ? "STOPPED" : "STOPPED after an error");
        return code;
    }

    private void printReady(ConsulCluster cluster, ClusterSnapshot ready, StatusFile statusFile, long nanos) {
        out.print(StatusTable.render(ready));
        ConsulAgent front = cluster.applicationAgent();
        ClusterSnapshot.Agent frontAgent = ready.agent(front.node());
        String ui = frontAgent == null || frontAgent.uiUrl() == null ? "off (--no-ui)" : frontAgent.uiUrl();
        println("UI:      " + ui);
        if (ready.federated()) {
            String label = "Leaders: ";
            for (String dc : ready.datacenters()) {
                println(label + dc + " " + leaderOf(cluster, ready, dc));
                label = "         ";
            }
        } else {
            println("Leader:  " + leaderOf(cluster, ready, ready.datacenter()));
        }
        cluster.gossipKey().ifPresent(k -> println("Gossip:  encrypted (every agent has the key)"));
        cluster.aclMasterToken().ifPresent(t -> println("ACL:     default deny; master token " + t));
        cluster.tls().ifPresent(t -> println("TLS:     HTTPS only, client certificates required; CA file " + t.caFile()
                + ", client certificate " + t.clientCertFile() + " and key " + t.clientKeyFile()));
        String cliFlags = (cluster.tls().map(t -> " -ca-file=" + t.caFile() + " -client-cert=" + t.clientCertFile()
                + " -client-key=" + t.clientKeyFile()).orElse(""))
                + (cluster.aclMasterToken().map(t -> " -token=" + t).orElse(""));
        println("Try:     consul members -http-addr=" + front.httpAddress().getScheme() + "://"
                + front.httpAddress().getAuthority() + cliFlags);
        if (ready.federated()) {
            // Only servers know the WAN pool; a client answers -wan with an empty list.
            ConsulAgent server = cluster.servers(cluster.datacenter()).get(0);
            println("         consul members -wan -http-addr=" + server.httpAddress().getScheme() + "://"
                    + server.httpAddress().getAuthority() + cliFlags);
        }
        println("         dig @" + front.dnsAddress().getHostString() + " -p " + front.dnsAddress().getPort()
                + " consul.service." + cluster.domain());
        for (String dc : ready.datacenters().subList(1, ready.datacenters().size())) {
            println("         dig @" + front.dnsAddress().getHostString() + " -p " + front.dnsAddress().getPort()
                    + " consul.service." + dc + "." + cluster.domain());
        }
        if (statusFile != null) {
            println("Status:  " + statusFile.path());
        }
        // Counts are of the whole cluster; with several datacenters the line names them, the primary first.
        String where = ready.federated() ? " (datacenters " + String.join(", ", ready.datacenters()) + ")" : "";
        println("READY " + plural(cluster.servers().size(), "server") + ", " + plural(cluster.clients().size(), "client")
                + where + " in " + Durations.seconds(Duration.ofNanos(nanos)) + " s; UI " + ui + "; Ctrl-C stops it");
    }

    /** The leader of {@code datacenter} with its server address, or "none". */
    private static String leaderOf(ConsulCluster cluster, ClusterSnapshot ready, String datacenter) {
        return ready.hasLeader(datacenter)
                ? ready.leader(datacenter) + " (" + cluster.agent(ready.leader(datacenter)).serverAddress() + ")"
                : "none";
    }

    /**
     * Says every {@link #TICK} that the cluster is still starting, unless the library has just
     * said what it still lacks (its {@code NOT_READY_YET} events, which the watcher prints).
     */
    private ScheduledExecutorService startTicker(long began, int agents, ClusterWatcher watcher) {
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consul-embedded-cli-progress");
            t.setDaemon(true);
            return t;
        });
        println("Starting " + plural(agents, "agent") + "; waiting until they agree on a leader and see each other alive...");
        ticker.scheduleAtFixedRate(() -> {
            if (!watcher.reportedNotReadyWithin(TICK.toNanos())) {
                println("  still starting (" + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began) + " s)");
            }
        }, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        return ticker;
    }

    private void onSignal(String name) {
        synchronized (phase) {
            if (stopRequested) {
                return;
            }
            stopRequested = true;
            if (running) {
                runningWatcher.mute();
                println("SIG" + name + " received");
                stop.countDown();
                return;
            }
        }
        // Still starting: the cluster's own shutdown hook stops every agent launched so far.
        ScheduledExecutorService t = ticker;
        if (t != null) {
            t.shutdownNow();
        }
        println("SIG" + name + " received while starting; stopping");
        exit.accept(OK);
    }

    private boolean stopRequested() {
        synchronized (phase) {
            return stopRequested;
        }
    }

    private void awaitStop() {
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int usageError(String message) {
        err.println("consul-embedded: " + message);
        err.println();
        err.print(CliParser.usage());
        err.flush();
        return USAGE;
    }

    private int failure(int code, String message) {
        err.println("consul-embedded: " + message);
        err.flush();
        return code;
    }

    private void println(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
