package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.childjvm.ChildJvm;
import io.github.consulembedded.childjvm.ClusterChild;
import io.github.consulembedded.childjvm.ReportedAgent;
import io.github.consulembedded.childjvm.WorkAreaChild;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that dies, however it dies, leaves no Consul agent and no session folder behind: the
 * watchdog ends its agents within seconds, and what it could not end is cleaned by the next
 * JVM that opens the same work area. Each test uses its own work dir, so other JVMs' sessions
 * on this machine are never touched.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the agent watchdog is a POSIX shell script")
class NoOrphansIT {
    private static final Duration AGENTS_GONE_WITHIN = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void sigkillOfTheJvmEndsEveryAgentAndRemovesItsSessionWithinSeconds() throws Exception {
        Path work = dir.resolve("work");
        try (ChildJvm child = ChildJvm.start("cluster", work, RealConsul.binary().executable(),
                ClusterChild.class, "3", "1", "90")) {
            Path session = Path.of(child.awaitLine("SESSION ", Duration.ofSeconds(60)).substring("SESSION ".length()));
            child.awaitLine("READY ", Duration.ofSeconds(120));
            List<ReportedAgent> agents = agents(child.linesSoFar());
            assertThat(agents).hasSize(4).allMatch(ReportedAgent::isRunning, "running");
            assertThat(session).isDirectory();

            child.process().destroyForcibly();
            assertThat(child.process().waitFor(10, TimeUnit.SECONDS)).as("child JVM ended by SIGKILL").isTrue();
            long killed = System.nanoTime();

            awaitTrue(AGENTS_GONE_WITHIN, () -> {
                List<ReportedAgent> left = agents.stream().filter(ReportedAgent::isRunning).toList();
                if (!left.isEmpty()) {
                    return "agents still running: " + left;
                }
                return Files.exists(session) ? "session folder still there: " + session : null;
            });
            System.out.printf("All agents gone and session removed %d ms after SIGKILL%n",
                    (System.nanoTime() - killed) / 1_000_000);
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void nextStartEndsAgentsOfACrashedJvmAndRemovesItsSession() throws Exception {
        Path work = dir.resolve("work");
        Path binary = RealConsul.binary().executable();
        ProcessHandle deadOwner = exitedProcess();
        Path stale = work.resolve("sessions").resolve(deadOwner.pid() + "-crashed");
        writeOwner(stale, deadOwner.pid(), deadOwner.info().startInstant().orElse(Instant.ofEpochMilli(1000)));

        Process orphan = startDevAgent(binary, stale.resolve("agent-orphan"));
        try {
            assertThat(orphan.isAlive()).isTrue();
            try (ChildJvm next = ChildJvm.start("next-start", work, binary, WorkAreaChild.class)) {
                Path nextSession = Path.of(next.awaitLine("SESSION ", Duration.ofSeconds(60)).substring("SESSION ".length()));
                assertThat(next.awaitExit(Duration.ofSeconds(60))).as(next.logTail()).isZero();

                awaitTrue(AGENTS_GONE_WITHIN, () -> ReportedAgent.isRunning(orphan.toHandle())
                        ? "the crashed JVM's agent (pid " + orphan.pid() + ") still runs" : null);
                assertThat(stale).as("the crashed JVM's session folder").doesNotExist();
                assertThat(nextSession).as("the next JVM's own session, after it exited normally").doesNotExist();
                assertThat(next.logTail()).contains("Removed stale session folder " + stale);
            }
        } finally {
            orphan.destroyForcibly();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void nextStartLeavesAgentsOfALiveJvmAlone() throws Exception {
        Path work = dir.resolve("work");
        Path binary = RealConsul.binary().executable();
        ProcessHandle me = ProcessHandle.current();
        Path live = work.resolve("sessions").resolve(me.pid() + "-alive");
        writeOwner(live, me.pid(), me.info().startInstant().orElseThrow());

        Process agent = startDevAgent(binary, live.resolve("agent-live"));
        try {
            try (ChildJvm next = ChildJvm.start("next-start", work, binary, WorkAreaChild.class)) {
                next.awaitLine("SESSION ", Duration.ofSeconds(60));
                assertThat(next.awaitExit(Duration.ofSeconds(60))).as(next.logTail()).isZero();
            }
            assertThat(ReportedAgent.isRunning(agent.toHandle())).as("the live JVM's agent still runs").isTrue();
            assertThat(live.resolve("owner")).as("the live JVM's session").exists();
        } finally {
            agent.destroyForcibly();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static List<ReportedAgent> agents(List<String> output) {
        return output.stream().filter(l -> l.startsWith("AGENT ")).map(ReportedAgent::parse).toList();
    }

    /** A process that has exited, so its pid stands for a JVM that crashed. */
    private static ProcessHandle exitedProcess() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        ProcessHandle handle = p.toHandle();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return handle;
    }

    /** A session folder as {@code WorkArea} writes it: an owner file with pid and start time. */
    private static void writeOwner(Path session, long pid, Instant started) throws IOException {
        Files.createDirectories(session);
        Files.writeString(session.resolve("owner"), pid + " " + started.toEpochMilli() + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Starts a real {@code consul agent -dev} whose pid file lies in {@code agentFolder}, as the
     * library's agents do, on free ports; returns once it has elected itself.
     */
    private static Process startDevAgent(Path binary, Path agentFolder) throws Exception {
        Files.createDirectories(agentFolder);
        Path config = agentFolder.resolve("config.json");
        Files.writeString(config, "{\"disable_update_check\": true, \"ports\": {\"grpc\": -1, \"https\": -1}}",
                StandardCharsets.UTF_8);
        List<Integer> ports = freePorts(5);
        List<String> command = new ArrayList<>(List.of(binary.toString(), "agent", "-dev", "-node=orphan",
                "-bind=127.0.0.1", "-client=127.0.0.1",
                "-http-port=" + ports.get(0), "-dns-port=" + ports.get(1), "-serf-lan-port=" + ports.get(2),
                "-serf-wan-port=" + ports.get(3), "-server-port=" + ports.get(4),
                "-config-file=" + config, "-pid-file=" + agentFolder.resolve("consul.pid")));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(agentFolder.resolveSibling(agentFolder.getFileName() + ".log").toFile()).start();
        URI leader = URI.create("http://127.0.0.1:" + ports.get(0) + "/v1/status/leader");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        try {
            awaitTrue(Duration.ofSeconds(30), () -> {
                if (!process.isAlive()) {
                    throw new AssertionError("consul agent -dev exited with " + process.exitValue() + ": " + command);
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(leader).timeout(Duration.ofSeconds(1)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    return r.statusCode() == 200 && r.body().strip().matches("\".+\"") ? null : "no leader yet: " + r.body();
                } catch (IOException e) {
                    return "HTTP not answering: " + e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
            });
        } catch (AssertionError | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return process;
    }

    /** Ports that a TCP listener and a UDP socket can both bind on loopback right now. */
    private static List<Integer> freePorts(int count) throws IOException {
        Set<Integer> ports = new HashSet<>();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        while (ports.size() < count) {
            int port;
            try (ServerSocket tcp = new ServerSocket(0, 1, loopback)) {
                port = tcp.getLocalPort();
            }
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(loopback, port))) {
                ports.add(udp.getLocalPort());
            } catch (IOException taken) {
                // Someone holds the UDP side: take another.
            }
        }
        return List.copyOf(ports);
    }

    /**
     * Polls {@code problem} every 50 ms until it returns null; fails with its last answer after
     * {@code timeout}.
     */
    static void awaitTrue(Duration timeout, Supplier<String> problem) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = problem.get();
        while (last != null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + last);
            }
            Thread.sleep(50);
            last = problem.get();
        }
    }
}
