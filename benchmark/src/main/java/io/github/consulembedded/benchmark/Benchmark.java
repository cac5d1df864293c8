package io.github.consulembedded.benchmark;

import com.pszymczyk.consul.ConsulProcess;
import io.github.consulembedded.BinarySettings;
import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulBinary;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.Timing;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Run by hand: measures consul-embedded on this machine and writes the results as Markdown
 * tables into the benchmark README, between its markers. Each scenario runs {@code --runs}
 * times (5 by default) after one unmeasured warm-up; the library and its shell-script floor
 * alternate within each run so that both see the same machine load.
 *
 * <p>Arguments: {@code [--runs N] [--readme PATH] [--binary PATH] [--cli-jar PATH] [--only cli|failure|reuse]}.
 * The binary defaults to {@link ConsulBinary#resolve()} ({@code CONSUL_BINARY}, the cache, or a
 * download); the CLI jar to the one the reactor built next to the README's module. {@code --only}
 * runs one scenario alone (the CLI's start beside its shell floor, failure detection, or reuse
 * across runs) and merges its subsection, with its own date and load, and its targets row into
 * the results already in the README, leaving the others as they were.
 */
public final class Benchmark {
    static final String START_MARKER = "<!-- benchmark-results:start -->";
    static final String END_MARKER = "<!-- benchmark-results:end -->";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration DETECTION_TIMEOUT = Duration.ofSeconds(60);
    private static final int[][] TOPOLOGIES = {{1, 0}, {3, 0}, {3, 3}, {3, 10}};
    /** Issue 12's scenario: 3+3 for its target, 3+1 as the README's example. */
    private static final int[][] REUSE_TOPOLOGIES = {{3, 3}, {3, 1}};
    /** Later runs on each cluster a first run with reuse started. */
    static final int REUSE_LATER_RUNS = 2;
    private static final String ONLY_REUSE = "reuse";
    /** Consul's own gossip timings (memberlist's LAN defaults), to set back over {@code Timing.FAST}'s. */
    static final String CONSUL_DEFAULT_GOSSIP;

    static {
        String pool = "{\"gossip_interval\":\"200ms\",\"probe_interval\":\"1s\",\"probe_timeout\":\"500ms\","
                + "\"suspicion_mult\":4}";
        CONSUL_DEFAULT_GOSSIP = "{\"gossip_lan\":" + pool + ",\"gossip_wan\":" + pool + "}";
    }

    private final int runs;
    private final ConsulBinary binary;
    private final Path cliJar;
    private final Map<String, List<Double>> results = new LinkedHashMap<>();
    /** False during the warm-up, whose numbers are dropped. */
    private boolean measuring;

    private Benchmark(int runs, ConsulBinary binary, Path cliJar) {
        this.runs = runs;
        this.binary = binary;
        this.cliJar = cliJar;
    }

    public static void main(String[] args) throws Exception {
        configureLogging();
        int runs = 5;
        Path readme = Path.of("benchmark", "README.md");
        Path binaryPath = null;
        Path cliJar = null;
        String only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--readme" -> readme = Path.of(args[++i]);
                case "--binary" -> binaryPath = Path.of(args[++i]);
                case "--cli-jar" -> cliJar = Path.of(args[++i]);
                case "--only" -> {
                    only = args[++i];
                    if (!only.equals("cli") && !only.equals(ONLY_REUSE) && !only.equals("failure")) {
                        throw new IllegalArgumentException("--only supports 'cli', 'failure' or '" + ONLY_REUSE + "', was "
                                + only);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --runs N, --readme PATH, --binary PATH, --cli-jar PATH, --only cli|failure|" + ONLY_REUSE);
            }
        }
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be >= 1, was " + runs);
        }
        if (!Files.isRegularFile(readme)) {
            throw new IllegalArgumentException("--readme must name the benchmark README, was " + readme.toAbsolutePath());
        }
        if (cliJar == null && (only == null || only.equals("cli"))) {
            cliJar = CliStart.findJar(readme.toAbsolutePath().getParent().getParent());
        }
        ConsulBinary binary = binaryPath != null
                ? ConsulBinary.resolve(BinarySettings.builder().binary(binaryPath).build()) : ConsulBinary.resolve();
        Benchmark benchmark = new Benchmark(runs, binary, cliJar);
        String markdown;
        if (only == null) {
            markdown = benchmark.run();
        } else if (only.equals("cli")) {
            markdown = ResultsMerge.merge(ReadmeSection.read(readme, START_MARKER, END_MARKER),
                    benchmark.runAlone("CLI start", "after one warm-up", benchmark::measureCli, Report::cliSection),
                    Report.cliTarget(benchmark.results), Report.CLI_TARGET_PREFIX);
        } else if (only.equals("failure")) {
            markdown = ResultsMerge.merge(ReadmeSection.read(readme, START_MARKER, END_MARKER),
                    benchmark.runAlone("failure detection", "(no warm-up)", benchmark::measureFailureDetection,
                            Report::failureSection),
                    Report.failureTarget(benchmark.results), Report.FAILURE_TARGET_PREFIX);
        } else {
            markdown = ResultsMerge.merge(ReadmeSection.read(readme, START_MARKER, END_MARKER),
                    benchmark.runAlone("reuse across runs", "after one warm-up", benchmark::measureReuse,
                            Report::reuseSection),
                    Report.reuseTarget(benchmark.results), Report.REUSE_TARGET_PREFIX);
        }
        ReadmeSection.replace(readme, START_MARKER, END_MARKER, markdown);
        System.out.println(markdown);
        System.out.println("Written to " + readme.toAbsolutePath());
        System.exit(0);
    }

    private String run() throws Exception {
        Path exe = binary.executable();
        String version = consulVersion(exe);
        log("Consul binary " + exe + " (" + version + "), " + runs + " runs per scenario");
        String loadBefore = loadAverage();
        double heapBaseline = heapUsedMiB();
        EmbeddedConsul221 archived = new EmbeddedConsul221(exe, ScratchArea.get().newFolder("embedded-consul-221"));

        log("Warm-up (not measured)");
        libraryStart(1, 0, Timing.FAST);
        floor(1, 0);
        archivedStart(archived);
        cliStart();
        twoDatacentersStart();
        measuring = true;

        for (int run = 1; run <= runs; run++) {
            log("Run " + run + "/" + runs);
            for (int[] t : TOPOLOGIES) {
                String topology = t[0] + "+" + t[1];
                // Alternate which goes first, so neither always meets the other's leftovers.
                if (run % 2 == 1) {
                    record("library " + topology, libraryStart(t[0], t[1], Timing.FAST));
                    record("floor " + topology, floor(t[0], t[1]));
                } else {
                    record("floor " + topology, floor(t[0], t[1]));
                    record("library " + topology, libraryStart(t[0], t[1], Timing.FAST));
                }
            }
            record("embedded-consul 2.2.1 1+0", archivedStart(archived));
            record("library 3+3 Timing.PRODUCTION", libraryStart(3, 3, Timing.PRODUCTION));
            if (run % 2 == 1) {
                record("library 3+1", libraryStart(3, 1, Timing.FAST));
                record("library 2 x (3+1)", twoDatacentersStart());
                record("cli 3+3", cliStart());
                record("floor 3+3 beside cli", floor(3, 3));
            } else {
                record("library 2 x (3+1)", twoDatacentersStart());
                record("library 3+1", libraryStart(3, 1, Timing.FAST));
                record("floor 3+3 beside cli", floor(3, 3));
                record("cli 3+3", cliStart());
            }
        }

        measureReuse();
        measureFailureDetection();
        measureReset();
        measureArchivedReset(archived);
        measureFailover();
        Memory memory = measureMemory(heapBaseline);
        String load = "load average (1 min) " + loadBefore + " at the start, " + loadAverage() + " at the end";
        return Report.markdown(results, memory, runs, version, LocalDate.now(), load);
    }

    /** The CLI's start beside its shell floor after one (unrecorded) warm-up, alternating which goes first. */
    private void measureCli() throws Exception {
        log("Warm-up (not measured)");
        cliStart();
        floor(3, 3);
        for (int run = 1; run <= runs; run++) {
            log("Run " + run + "/" + runs);
            if (run % 2 == 1) {
                record("cli 3+3", cliStart());
                record("floor 3+3 beside cli", floorBesideCli());
            } else {
                record("floor 3+3 beside cli", floorBesideCli());
                record("cli 3+3", cliStart());
            }
        }
    }

    private double floorBesideCli() throws Exception {
        double elapsed = floor(3, 3);
        log(String.format(Locale.ROOT, "  shell floor 3+3: %.0f ms", elapsed));
        return elapsed;
    }

    /**
     * The shell-script floor's start to ready, in ms. A script has no gossip repair: once in a
     * while a client misses a join and only memberlist's full sync, 30 s or more later, mends it,
     * sometimes later than {@link #READY_TIMEOUT}. Such a run counts as the timeout (a lower
     * bound of what it took, said in the log) rather than ending the whole benchmark.
     */
    private double floor(int servers, int clients) throws Exception {
        try {
            return millis(ShellFloor.startToReady(binary.executable(), servers, clients, READY_TIMEOUT));
        } catch (ShellFloor.NotReadyException e) {
            log("  " + e.getMessage() + ": counted as " + READY_TIMEOUT.toMillis() + " ms, a lower bound");
            return millis(READY_TIMEOUT);
        }
    }

    /**
     * The benchmark prints its own progress; the libraries and the agents log only when something
     * is wrong. Set here, not in a {@code simplelogger.properties} on the class path: the reuse
     * scenario's child JVMs share the class path and must run with slf4j-simple's defaults, as a
     * user's tests would (a time stamp format alone adds the JDK's calendar start-up to each run).
     */
    private static void configureLogging() {
        Map<String, String> settings = Map.of(
                "org.slf4j.simpleLogger.defaultLogLevel", "warn",
                "org.slf4j.simpleLogger.showDateTime", "true",
                "org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS",
                // The library logs the agents' own ERROR lines at WARN; a killed leader makes its peers log many.
                "org.slf4j.simpleLogger.log.consul", "error");
        settings.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }

    /** What one scenario measures when it runs alone. */
    private interface Measurement {
        void run() throws Exception;
    }

    /**
     * One scenario alone ({@code --only}): its subsection, with a line that says when and under
     * what load it was measured.
     */
    private String runAlone(String scenario, String warmUp, Measurement measurement,
            BiFunction<Map<String, List<Double>>, String, String> section) throws Exception {
        String version = consulVersion(binary.executable());
        log("Consul binary " + binary.executable() + " (" + version + "), " + runs + " runs, " + scenario + " only");
        String loadBefore = loadAverage();
        // Only what the scenario records counts; its warm-up records nothing.
        measuring = true;
        measurement.run();
        return section.apply(results, measuredAlone(version, warmUp, loadBefore));
    }

    /** The line under a subsection measured alone ({@code --only}): when, with what, and under what load. */
    private String measuredAlone(String version, String warmUp, String loadBefore) {
        return String.format(Locale.ROOT, "Measured on its own %s with %s, Java %s, %d cores; %d runs %s; load average "
                + "(1 min) %s at the start, %s at the end.", LocalDate.now(), version, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), runs, warmUp, loadBefore, loadAverage());
    }

    // ---------------------------------------------------------------- scenarios

    /**
     * Issue 12: first callback to first test in fresh JVMs, cold against reuse's first and later runs.
     * Each run (and the warm-up, run 0) does one cold run and one reused cluster's first and later
     * runs, alternating which goes first; no reused cluster is left running during a cold run.
     */
    private void measureReuse() throws IOException, InterruptedException {
        for (int[] t : REUSE_TOPOLOGIES) {
            String topology = t[0] + "+" + t[1];
            ReuseAcrossRuns reuse = new ReuseAcrossRuns(ScratchArea.get().newFolder("reuse-" + t[0] + "-" + t[1]),
                    binary.executable(), t[0], t[1]);
            try {
                for (int run = 0; run <= runs; run++) {
                    boolean coldFirst = run % 2 == 1;
                    if (coldFirst) {
                        reuseRun(reuse, ReuseAcrossRuns.Kind.COLD, topology, run);
                    }
                    ReuseAcrossRuns.Run first = reuseRun(reuse, ReuseAcrossRuns.Kind.FIRST, topology, run);
                    for (int i = 0; i < REUSE_LATER_RUNS; i++) {
                        ReuseAcrossRuns.Run later = reuseRun(reuse, ReuseAcrossRuns.Kind.LATER, topology, run);
                        if (!later.serverPids().equals(first.serverPids())) {
                            throw new IllegalStateException("a later run did not attach to the first run's cluster: servers "
                                    + later.serverPids() + ", the first run's " + first.serverPids());
                        }
                    }
                    reuse.stopAll();
                    if (!coldFirst) {
                        reuseRun(reuse, ReuseAcrossRuns.Kind.COLD, topology, run);
                    }
                }
            } finally {
                reuse.stopAll();
            }
        }
    }

    private ReuseAcrossRuns.Run reuseRun(ReuseAcrossRuns reuse, ReuseAcrossRuns.Kind kind, String topology, int run)
            throws IOException, InterruptedException {
        ReuseAcrossRuns.Run result = reuse.run(kind);
        String scenario = "reuse " + kind.name().toLowerCase(Locale.ROOT) + " " + topology;
        if (run > 0) {
            record(scenario, result.firstTestMillis());
            record(scenario + " jvm", result.wallMillis());
            if (kind == ReuseAcrossRuns.Kind.LATER) {
                record(scenario + " attach", result.attachMillis());
                record(scenario + " rest", result.firstTestMillis() - result.attachMillis());
            }
        }
        log(String.format(Locale.ROOT, "  %s%s: first callback to first test %.0f ms, JVM launch to exit %.0f ms", scenario,
                run == 0 ? " (warm-up)" : "", result.firstTestMillis(), result.wallMillis()));
        return result;
    }

    /** Start to ready; the close that follows is recorded as "close &lt;label&gt;" (FAST only, the default). */
    private double libraryStart(int servers, int clients, Timing timing) {
        return startAndClose(servers + "+" + clients + (timing == Timing.FAST ? "" : " " + timing),
                cluster(servers, clients).timing(timing));
    }

    /** Two federated datacenters of 3 servers and 1 client each (issue 13), against one 3+1. */
    private double twoDatacentersStart() {
        return startAndClose("2 x (3+1)", cluster(3, 1).datacenters("dc1", "dc2"));
    }

    private double startAndClose(String label, ClusterSpec.Builder spec) {
        long began = System.nanoTime();
        ConsulCluster cluster = spec.start();
        double elapsed = (System.nanoTime() - began) / 1e6;
        long closing = System.nanoTime();
        cluster.close();
        double closed = (System.nanoTime() - closing) / 1e6;
        record("close " + label, closed);
        log(String.format(Locale.ROOT, "  library %s: %.0f ms, close() %.0f ms", label, elapsed, closed));
        return elapsed;
    }

    private double cliStart() throws Exception {
        double elapsed = millis(CliStart.startToReady(cliJar, binary.executable(), 3, 3, READY_TIMEOUT));
        log(String.format(Locale.ROOT, "  java -jar CLI 3+3 to READY: %.0f ms", elapsed));
        return elapsed;
    }

    /**
     * A killed client's time as "alive" in every other agent's member list, with Consul's default
     * gossip timings ("before") and with {@code Timing.FAST}'s ("after"), both with raft_multiplier 1,
     * each on a fresh 3+3 cluster and alternating which goes first.
     */
    private void measureFailureDetection() throws InterruptedException {
        for (int run = 1; run <= runs; run++) {
            for (int i = 0; i < 2; i++) {
                boolean fast = (run + i) % 2 == 1;
                ClusterSpec.Builder spec = cluster(3, 3).supervise(false);
                if (!fast) {
                    spec.extraConfig(CONSUL_DEFAULT_GOSSIP);
                }
                try (ConsulCluster cluster = spec.start()) {
                    ConsulAgent victim = cluster.client(0);
                    double elapsed = millis(FailureDetection.killAndAwaitNotAlive(cluster, victim, DETECTION_TIMEOUT));
                    record(fast ? "failure detection Timing.FAST" : "failure detection Consul default gossip", elapsed);
                    log(String.format(Locale.ROOT, "  killed %s alive for %.0f ms (%s)", victim.node(), elapsed,
                            fast ? "Timing.FAST" : "Consul's default gossip"));
                }
            }
        }
    }

    private double archivedStart(EmbeddedConsul221 archived) throws IOException {
        long began = System.nanoTime();
        EmbeddedConsul221.Run run = archived.start();
        double elapsed = (System.nanoTime() - began) / 1e6;
        run.close();
        log(String.format(Locale.ROOT, "  embedded-consul 2.2.1 1+0: %.0f ms", elapsed));
        return elapsed;
    }

    /** Keys and services, and the full mix of every kind, on the same cluster, alternating which goes first. */
    private void measureReset() {
        for (int[] t : new int[][] {{3, 3}, {1, 0}}) {
            String topology = t[0] + "+" + t[1];
            try (ConsulCluster cluster = cluster(t[0], t[1]).start()) {
                List<ConsulAgent> owners = cluster.clients().isEmpty() ? List.of(cluster.server(0)) : cluster.clients();
                for (int run = 0; run <= runs; run++) {
                    for (int i = 0; i < 2; i++) {
                        boolean full = (run + i) % 2 == 1;
                        if (full) {
                            FullMix.everything(cluster.http(), owners);
                        } else {
                            FullMix.keysAndServices(cluster.http(), owners);
                        }
                        long began = System.nanoTime();
                        cluster.reset();
                        double elapsed = (System.nanoTime() - began) / 1e6;
                        String scenario = "library reset() " + (full ? "full mix " : "") + topology;
                        if (run > 0) {
                            record(scenario, elapsed);
                        }
                        log(String.format(Locale.ROOT, "  %s%s: %.1f ms", scenario, run == 0 ? " (warm-up)" : "", elapsed));
                    }
                }
            }
        }
    }

    private void measureArchivedReset(EmbeddedConsul221 archived) throws IOException {
        try (EmbeddedConsul221.Run started = archived.start()) {
            ConsulProcess process = started.process();
            ConsulHttp http = new ConsulHttp(URI.create("http://127.0.0.1:" + process.getHttpPort()));
            for (int run = 0; run <= runs; run++) {
                fillAgent(http, http);
                long began = System.nanoTime();
                process.reset();
                double elapsed = (System.nanoTime() - began) / 1e6;
                if (run > 0) {
                    record("embedded-consul 2.2.1 reset() 1+0", elapsed);
                }
                log(String.format(Locale.ROOT, "  embedded-consul reset()%s: %.1f ms", run == 0 ? " (warm-up)" : "", elapsed));
            }
        }
    }

    private static void fillAgent(ConsulHttp kv, ConsulHttp agent) {
        for (int i = 0; i < 100; i++) {
            kv.kvPut("bench/key-" + i, "value " + i);
        }
        for (int i = 0; i < 10; i++) {
            agent.registerService(FullMix.service(i));
        }
    }

    /** SIGKILL of the leader of a 3+3 cluster until every running agent agrees on a new one. */
    private void measureFailover() {
        try (ConsulCluster cluster = cluster(3, 3).supervise(false).start()) {
            for (int run = 1; run <= runs; run++) {
                ConsulAgent leader = cluster.leader();
                long began = System.nanoTime();
                cluster.kill(leader);
                ConsulAgent next = cluster.awaitLeaderChange(leader);
                double elapsed = (System.nanoTime() - began) / 1e6;
                record("leader failover 3+3", elapsed);
                log(String.format(Locale.ROOT, "  failover %s -> %s: %.0f ms", leader.node(), next.node(), elapsed));
                cluster.restart(leader);
                cluster.awaitReady(READY_TIMEOUT);
            }
        }
    }

    private Memory measureMemory(double heapBaseline) throws IOException {
        try (ConsulCluster cluster = cluster(3, 3).start()) {
            List<Double> servers = new ArrayList<>();
            List<Double> clients = new ArrayList<>();
            for (ConsulAgent agent : cluster.agents()) {
                double rss = rssMiB(agent.pid());
                (agent.isServer() ? servers : clients).add(rss);
            }
            double heapWithCluster = heapUsedMiB();
            double jvmRss = rssMiB(ProcessHandle.current().pid());
            return new Memory(Stats.of(servers), Stats.of(clients), heapBaseline, heapWithCluster, jvmRss);
        }
    }

    /** RSS per agent of a 3+3 cluster and this JVM's heap, before any cluster and with one open. */
    record Memory(Stats serverRss, Stats clientRss, double heapBaseline, double heapWithCluster, double jvmRss) {
    }

    // ---------------------------------------------------------------- helpers

    private ClusterSpec.Builder cluster(int servers, int clients) {
        return ConsulCluster.builder().servers(servers).clients(clients).binary(binary).readyTimeout(READY_TIMEOUT);
    }

    private void record(String scenario, double millis) {
        if (!measuring) {
            return;
        }
        results.computeIfAbsent(scenario, k -> new ArrayList<>()).add(millis);
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    /** Heap in use after a full GC, so that garbage does not count. */
    private static double heapUsedMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024.0);
    }

    /** VmRSS from /proc (Linux), in MiB. */
    static double rssMiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    /** The 1-minute load average (Linux), to tell a quiet machine from a busy one. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String consulVersion(Path exe) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(exe.toString(), "version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out.lines().findFirst().orElse("unknown").trim();
    }

    private static void log(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
