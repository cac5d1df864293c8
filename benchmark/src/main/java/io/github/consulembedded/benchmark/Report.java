package io.github.consulembedded.benchmark;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the measurements into the Markdown that goes into the README. */
final class Report {
    private static final double FLOOR_FACTOR = 1.3;
    private static final double PRODUCTION_FACTOR = 4.0;
    private static final double RESET_MILLIS = 100;
    private static final double CLOSE_FRACTION = 0.25;
    private static final double DETECTION_MILLIS = 1000;
    private static final double CLI_FACTOR = 1.1;
    /** Issue 12: with reuse, first callback to first test under a tenth of a cold start. */
    private static final double REUSE_FRACTION = 0.1;
    static final String REUSE_TARGET_PREFIX = "| reuse across runs:";

    private Report() {
    }

    static String markdown(Map<String, List<Double>> results, Benchmark.Memory memory, int runs, String consulVersion,
                           LocalDate date, String load) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "Measured %s with %s, Java %s on %s, %d cores; %d runs per scenario "
                        + "after one warm-up; %s. Cells: median (min-max), in ms unless noted.%n%n",
                date, consulVersion, System.getProperty("java.version"), System.getProperty("os.name") + " "
                        + System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), runs, load));

        md.append("#### Start to ready\n\n");
        md.append("| topology | consul-embedded | floor (shell script) | consul-embedded / floor | embedded-consul 2.2.1 |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (String topology : List.of("1+0", "3+0", "3+3", "3+10")) {
            Stats library = stats(results, "library " + topology);
            Stats floor = stats(results, "floor " + topology);
            String archived = topology.equals("1+0") ? cell(stats(results, "embedded-consul 2.2.1 1+0")) : "-";
            md.append(row(topology, cell(library), cell(floor), ratio(library.median() / floor.median()), archived));
        }
        Stats production = stats(results, "library 3+3 Timing.PRODUCTION");
        md.append("| 3+3, `Timing.PRODUCTION` | ").append(cell(production)).append(" | - | - | - |\n\n");

        md.append("#### `close()`\n\n");
        md.append("| topology | start to ready | `close()` | `close()` / start |\n|---|---:|---:|---:|\n");
        for (String topology : List.of("1+0", "3+0", "3+1", "3+3", "3+10", "2 x (3+1)")) {
            Stats start = stats(results, "library " + topology);
            Stats close = stats(results, "close " + topology);
            md.append(row(topology, cell(start), cell(close), ratio(close.median() / start.median())));
        }
        md.append('\n');

        md.append("#### Two datacenters\n\n");
        md.append("| 3+1 | 2 x (3+1), federated | 2 x (3+1) / 3+1 |\n|---:|---:|---:|\n");
        Stats single = stats(results, "library 3+1");
        Stats two = stats(results, "library 2 x (3+1)");
        md.append(row(cell(single), cell(two), ratio(two.median() / single.median()))).append('\n');

        md.append(cliSection(results, ""));

        md.append("#### `reset()`\n\n");
        md.append("| cluster | 100 keys and 10 services | full mix | full mix / keys and services |\n|---|---:|---:|---:|\n");
        Stats reset = stats(results, "library reset() 3+3");
        Stats resetFull = stats(results, "library reset() full mix 3+3");
        Stats reset10 = stats(results, "library reset() 1+0");
        Stats resetFull10 = stats(results, "library reset() full mix 1+0");
        md.append(row("consul-embedded 3+3", cell(reset), cell(resetFull), ratio(resetFull.median() / reset.median())));
        md.append(row("consul-embedded 1+0", cell(reset10), cell(resetFull10), ratio(resetFull10.median() / reset10.median())));
        md.append("| embedded-consul 2.2.1 1+0 | ").append(cell(stats(results, "embedded-consul 2.2.1 reset() 1+0")))
                .append(" | - | - |\n\n");

        md.append(failureSection(results, ""));
        Stats after = stats(results, "failure detection Timing.FAST");

        md.append("#### Leader failover, memory\n\n");
        md.append("| measure | value |\n|---|---:|\n");
        md.append("| leader failover, 3+3 (SIGKILL of the leader until every running agent agrees on a new one) | ")
                .append(cell(stats(results, "leader failover 3+3"))).append(" |\n");
        md.append("| RSS per server agent, 3+3 | ").append(cellMiB(memory.serverRss())).append(" |\n");
        md.append("| RSS per client agent, 3+3 | ").append(cellMiB(memory.clientRss())).append(" |\n");
        md.append(String.format(Locale.ROOT, "| JVM heap used after GC: before any cluster / with a 3+3 cluster open | "
                + "%.1f MiB / %.1f MiB |%n", memory.heapBaseline(), memory.heapWithCluster()));
        md.append(String.format(Locale.ROOT, "| benchmark JVM RSS with a 3+3 cluster open | %.0f MiB |%n%n", memory.jvmRss()));

        md.append(reuseSection(results, "")).append('\n');

        Stats fast33 = stats(results, "library 3+3");
        double floorRatio = fast33.median() / stats(results, "floor 3+3").median();
        double productionRatio = production.median() / fast33.median();
        md.append("#### Targets\n\n");
        md.append("| target | measured | met |\n|---|---:|:---:|\n");
        md.append("| 3+3 ready within ").append(FLOOR_FACTOR).append("x the floor | ").append(ratio(floorRatio))
                .append(" | ").append(yes(floorRatio <= FLOOR_FACTOR)).append(" |\n");
        md.append("| 3+3 at least ").append(PRODUCTION_FACTOR).append("x faster than `Timing.PRODUCTION` | ")
                .append(ratio(productionRatio)).append(" faster | ").append(yes(productionRatio >= PRODUCTION_FACTOR))
                .append(" |\n");
        md.append("| `reset()` under ").append(Stats.format(RESET_MILLIS)).append(" ms (3+3, median) | ")
                .append(Stats.format(reset.median())).append(" ms | ").append(yes(reset.median() < RESET_MILLIS))
                .append(" |\n");
        md.append("| `reset()` of the full mix under ").append(Stats.format(RESET_MILLIS)).append(" ms (3+3, median) | ")
                .append(Stats.format(resetFull.median())).append(" ms | ").append(yes(resetFull.median() < RESET_MILLIS))
                .append(" |\n");
        double closeFraction = stats(results, "close 3+3").median() / fast33.median();
        md.append("| `close()` of a temporary 3+3 under a quarter of its start (medians) | ").append(ratio(closeFraction))
                .append(" | ").append(yes(closeFraction < CLOSE_FRACTION)).append(" |\n");
        md.append(failureTarget(results)).append('\n');
        md.append(cliTarget(results)).append('\n');
        md.append(reuseTarget(results)).append('\n');
        return md.toString();
    }

    /**
     * The reuse scenario's subsection: first callback to first test, and each child JVM's launch to
     * exit, cold, reuse's first run and its later runs, for each topology measured; {@code preface}
     * (may be empty) goes under the heading.
     */
    static String reuseSection(Map<String, List<Double>> results, String preface) {
        StringBuilder md = new StringBuilder("#### Reuse across runs\n\n");
        if (!preface.isEmpty()) {
            md.append(preface.strip()).append("\n\n");
        }
        md.append("Each run is a fresh JVM (the benchmark's `java` and class path, a private "
                + "`consul.embedded.work-dir`) running one `@EmbeddedConsulCluster(servers = 3, clients = C)` class "
                + "through the JUnit Platform Launcher, as an IDE re-runs a test class: (a) with "
                + "`consul.embedded.reuse=false`, (b) the first run with `consul.embedded.reuse=force` (it starts "
                + "the keeper JVM that owns the cluster), (c) the " + Benchmark.REUSE_LATER_RUNS + " runs after each (b), "
                + "which attach to its cluster and reset it; every reused cluster is stopped after its later runs.\n\n");
        md.append("| first callback to first test | (a) cold: reuse off | (b) reuse on, first run | "
                + "(c) reuse on, later runs | (c) / (a) | (b) / (a) |\n|---|---:|---:|---:|---:|---:|\n");
        for (String topology : reuseTopologies(results)) {
            reuseRow(md, results, topology, "");
        }
        md.append("\n| child JVM, launch to exit | (a) cold: reuse off | (b) reuse on, first run | "
                + "(c) reuse on, later runs | (c) / (a) | (b) / (a) |\n|---|---:|---:|---:|---:|---:|\n");
        for (String topology : reuseTopologies(results)) {
            reuseRow(md, results, topology, " jvm");
        }
        md.append("\n| (c) later run, first callback to first test | all of it | the library's attach and reset "
                + "(its debug log: from the binary's check to the reset done) | the rest: the extension, the binary's "
                + "resolution, class loading |\n|---|---:|---:|---:|\n");
        for (String topology : reuseTopologies(results)) {
            md.append("| ").append(topology).append(" | ").append(cell(stats(results, "reuse later " + topology)))
                    .append(" | ").append(cell(stats(results, "reuse later " + topology + " attach"))).append(" | ")
                    .append(cell(stats(results, "reuse later " + topology + " rest"))).append(" |\n");
        }
        return md.toString();
    }

    static final String CLI_TARGET_PREFIX = "| `java -jar` CLI 3+3 to `READY` within";

    /** The CLI subsection: launch to READY with the JVM's start, against the shell-script floor beside it. */
    static String cliSection(Map<String, List<Double>> results, String preface) {
        StringBuilder md = new StringBuilder("#### The CLI, JVM start included\n\n");
        if (!preface.isEmpty()) {
            md.append(preface.strip()).append("\n\n");
        }
        md.append("| `java -jar` CLI 3+3, launch to `READY` | floor 3+3 (shell script), same runs | CLI / floor |\n");
        md.append("|---:|---:|---:|\n");
        Stats cli = stats(results, "cli 3+3");
        Stats cliFloor = stats(results, "floor 3+3 beside cli");
        md.append(row(cell(cli), cell(cliFloor), ratio(cli.median() / cliFloor.median()))).append('\n');
        return md.toString();
    }

    /** The targets row of the CLI's start. */
    static String cliTarget(Map<String, List<Double>> results) {
        double ratio = stats(results, "cli 3+3").median() / stats(results, "floor 3+3 beside cli").median();
        return CLI_TARGET_PREFIX + " " + CLI_FACTOR + "x the shell script | " + ratio(ratio) + " | " + yes(ratio <= CLI_FACTOR)
                + " |";
    }

    static final String FAILURE_TARGET_PREFIX = "| killed agent no longer `alive` within";

    /** The failure-detection subsection: a killed client's time as "alive", Consul's gossip timings against FAST's. */
    static String failureSection(Map<String, List<Double>> results, String preface) {
        StringBuilder md = new StringBuilder("#### Failure detection\n\n");
        if (!preface.isEmpty()) {
            md.append(preface.strip()).append("\n\n");
        }
        md.append("| killed client still `alive`, 3+3 | Consul's gossip timings (before) | `Timing.FAST` (after) "
                + "| before / after |\n|---|---:|---:|---:|\n");
        Stats before = stats(results, "failure detection Consul default gossip");
        Stats after = stats(results, "failure detection Timing.FAST");
        md.append(row("until no other agent lists it alive", cell(before), cell(after),
                ratio(before.median() / after.median()))).append('\n');
        return md.toString();
    }

    /** The targets row of failure detection. */
    static String failureTarget(Map<String, List<Double>> results) {
        Stats after = stats(results, "failure detection Timing.FAST");
        return FAILURE_TARGET_PREFIX + " " + Stats.format(DETECTION_MILLIS) + " ms with `Timing.FAST` (median) | "
                + Stats.format(after.median()) + " ms | " + yes(after.median() < DETECTION_MILLIS) + " |";
    }

    /** The targets row of the reuse scenario, for 3+3. */
    static String reuseTarget(Map<String, List<Double>> results) {
        double fraction = stats(results, "reuse later 3+3").median() / stats(results, "reuse cold 3+3").median();
        return REUSE_TARGET_PREFIX + " 3+3 first callback to first test under " + REUSE_FRACTION
                + "x a cold start (medians, fresh JVMs) | " + ratio(fraction) + " | " + yes(fraction < REUSE_FRACTION) + " |";
    }

    private static List<String> reuseTopologies(Map<String, List<Double>> results) {
        return results.keySet().stream().filter(k -> k.startsWith("reuse cold ") && !k.contains(" jvm"))
                .map(k -> k.substring("reuse cold ".length())).toList();
    }

    private static void reuseRow(StringBuilder md, Map<String, List<Double>> results, String topology, String suffix) {
        Stats cold = stats(results, "reuse cold " + topology + suffix);
        Stats first = stats(results, "reuse first " + topology + suffix);
        Stats later = stats(results, "reuse later " + topology + suffix);
        md.append(row(topology, cell(cold), cell(first), cell(later), ratio(later.median() / cold.median()),
                ratio(first.median() / cold.median())));
    }

    private static Stats stats(Map<String, List<Double>> results, String scenario) {
        List<Double> values = results.get(scenario);
        if (values == null) {
            throw new IllegalStateException("no measurement for " + scenario + "; have " + results.keySet());
        }
        return Stats.of(values);
    }

    /** A table row: the cells between pipes, then a line end. */
    private static String row(String... cells) {
        return "| " + String.join(" | ", cells) + " |\n";
    }

    private static String cell(Stats s) {
        return Stats.format(s.median()) + " (" + Stats.format(s.min()) + "-" + Stats.format(s.max()) + ")";
    }

    private static String cellMiB(Stats s) {
        return cell(s) + " MiB";
    }

    private static String ratio(double r) {
        return String.format(Locale.ROOT, "%.2fx", r);
    }

    private static String yes(boolean met) {
        return met ? "yes" : "**no**";
    }
}
