package io.github.consulembedded.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.consulembedded.ConsulBinary;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local cluster command in a child JVM on the real binary, as a developer or a script runs it. */
class LocalClusterMainIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    @TempDir
    Path tmp;

    private final List<Long> agentPids = new ArrayList<>();

    @AfterEach
    void noAgentOutlivesTheTest() {
        // Normally the command or its watchdog has ended them; this only guards a failed test's leftovers.
        for (long pid : agentPids) {
            ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.contains("consul")).orElse(false))
                    .ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void defaultClusterIsReadyWithThreeServersThreeClientsAndStopsCleanlyOnSigterm() throws Exception {
        ConsulBinary binary = RealConsul.binary();
        Path statusPath = tmp.resolve("status.json");
        try (CliProcess cli = CliProcess.start(tmp, "--binary", binary.executable().toString(),
                "--status-file", statusPath.toString())) {
            cli.awaitLine("READY", l -> l.startsWith("READY "), READY_TIMEOUT);
            assertThat(cli.lines()).anyMatch(l -> l.startsWith("  started consul-client-3 (pid "))
                    .anyMatch(l -> l.matches("NODE +ROLE +PID +HTTP +DNS +SERF LAN"))
                    .anyMatch(l -> l.startsWith("UI:      http://127.0.0.1:") && l.endsWith("/ui/"))
                    .anyMatch(l -> l.startsWith("Leader:  consul-server-"));

            JsonNode status = JSON.readTree(statusPath.toFile());
            assertThat(status.path("datacenter").asText()).isEqualTo("dc1");
            assertThat(status.path("domain").asText()).isEqualTo("cluster.local");
            assertThat(status.path("consulVersion").asText()).isEqualTo(binary.version());
            assertThat(status.path("cliPid").asLong()).isEqualTo(cli.pid());
            assertThat(status.path("gossipEncrypted").asBoolean()).isFalse();
            assertThat(status.path("aclMasterToken").isNull()).isTrue();
            assertThat(status.path("caFile").isNull()).isTrue();
            List<String> nodes = new ArrayList<>();
            for (JsonNode agent : status.path("agents")) {
                nodes.add(agent.path("node").asText() + "/" + agent.path("role").asText());
                long pid = agent.path("pid").asLong();
                agentPids.add(pid);
                assertThat(ProcessHandle.of(pid)).as("pid of " + agent.path("node").asText())
                        .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
                assertThat(agent.path("http").asInt()).isPositive();
                assertThat(agent.path("https").asInt()).isEqualTo(-1);
                assertThat(agent.path("uiUrl").asText()).isEqualTo("http://127.0.0.1:" + agent.path("http").asInt() + "/ui/");
                assertThat(agent.path("status").asText()).isEqualTo("alive");
            }
            assertThat(nodes).containsExactly("consul-server-1/server", "consul-server-2/server", "consul-server-3/server",
                    "consul-client-1/client", "consul-client-2/client", "consul-client-3/client");
            assertThat(status.path("leader").asText()).startsWith("consul-server-");

            JsonNode client = status.path("agents").get(3);
            String httpAddr = "-http-addr=127.0.0.1:" + client.path("http").asInt();
            assertThat(consul(binary, "members", httpAddr)).contains("consul-client-3").doesNotContain("failed")
                    .satisfies(out -> assertThat(out.lines().filter(l -> l.contains(" alive ")).count()).isEqualTo(6));
            assertThat(consul(binary, "operator", "raft", "list-peers", httpAddr)).contains("leader")
                    .contains("consul-server-1", "consul-server-2", "consul-server-3");
            consul(binary, "kv", "put", httpAddr, "cli/greeting", "hello");
            assertThat(consul(binary, "kv", "get", "-http-addr=127.0.0.1:" + status.path("agents").get(5).path("http").asInt(),
                    "cli/greeting").strip()).isEqualTo("hello");
            assertThat(dnsAnswers("consul.service.cluster.local", client.path("dns").asInt()))
                    .as("A records for consul.service.cluster.local").isEqualTo(1);

            // A crashed client: the supervisor restarts it, the command reports it and the file gets the new pid.
            JsonNode victim = status.path("agents").get(4);
            long oldPid = victim.path("pid").asLong();
            ProcessHandle.of(oldPid).orElseThrow().destroyForcibly();
            String restart = cli.awaitLine("RESTART consul-client-2", l -> l.startsWith("RESTART consul-client-2 pid "),
                    READY_TIMEOUT);
            long newPid = Long.parseLong(restart.split(" ")[3]);
            assertThat(newPid).isNotEqualTo(oldPid);
            agentPids.add(newPid);
            assertThat(cli.lines()).contains("EXITED consul-client-2");
            awaitStatusPid(statusPath, "consul-client-2", newPid);

            cli.terminate();
            assertThat(cli.awaitExit(STOP_TIMEOUT)).as("exit code after SIGTERM\n" + cli.output()).isZero();
            assertThat(cli.lines()).containsSubsequence("SIGTERM received", "Stopping the cluster...", "STOPPED");
            assertThat(statusPath).doesNotExist();
            assertGone(agentPids);
        }
    }

    @Test
    void securitySwitchesProtectTheClusterAndReachTheStatusFile() throws Exception {
        ConsulBinary binary = RealConsul.binary();
        Path statusPath = tmp.resolve("secure.json");
        try (CliProcess cli = CliProcess.start(tmp, "--servers", "1", "--clients", "1", "--encrypt", "--acl", "--tls",
                "--status-file", statusPath.toString(), "--binary", binary.executable().toString())) {
            cli.awaitLine("READY", l -> l.startsWith("READY 1 server, 1 client"), READY_TIMEOUT);
            JsonNode status = JSON.readTree(statusPath.toFile());
            assertThat(status.path("gossipEncrypted").asBoolean()).isTrue();
            String token = status.path("aclMasterToken").asText();
            assertThat(token).isNotBlank();
            Path ca = Path.of(status.path("caFile").asText());
            assertThat(ca).isRegularFile();
            String cert = "-client-cert=" + status.path("clientCertFile").asText();
            String key = "-client-key=" + status.path("clientKeyFile").asText();
            for (JsonNode agent : status.path("agents")) {
                agentPids.add(agent.path("pid").asLong());
                assertThat(agent.path("http").asInt()).as("plain HTTP is off with TLS").isEqualTo(-1);
                assertThat(agent.path("https").asInt()).isPositive();
                assertThat(agent.path("uiUrl").asText()).startsWith("https://127.0.0.1:");
            }
            String https = "-http-addr=https://127.0.0.1:" + status.path("agents").get(1).path("https").asInt();
            consul(binary, "kv", "put", https, "-ca-file=" + ca, cert, key, "-token=" + token, "secure/key", "yes");
            assertThat(consul(binary, "kv", "get", https, "-ca-file=" + ca, cert, key, "-token=" + token, "secure/key").strip())
                    .isEqualTo("yes");
            assertThat(consulExitCode(binary, "kv", "put", https, "-ca-file=" + ca, cert, key, "secure/key", "anonymous"))
                    .as("anonymous write with ACLs on").isNotZero();
            assertThat(consulExitCode(binary, "kv", "get", https, "-ca-file=" + ca, "-token=" + token, "secure/key"))
                    .as("a call without a client certificate").isNotZero();

            cli.terminate();
            assertThat(cli.awaitExit(STOP_TIMEOUT)).as("exit code after SIGTERM\n" + cli.output()).isZero();
            assertGone(agentPids);
        }
    }

    @Test
    void singleServerWithoutClientsRunsWithTheGivenNamesAndKeepsItsDataDir() throws Exception {
        ConsulBinary binary = RealConsul.binary();
        Path statusPath = tmp.resolve("out/status.json");
        Path dataDir = tmp.resolve("data");
        try (CliProcess cli = CliProcess.start(tmp, "--servers", "1", "--clients", "0", "--datacenter", "lab",
                "--domain", "example.test", "--no-ui", "--data-dir", dataDir.toString(), "--status-file", statusPath.toString(),
                "--binary", binary.executable().toString())) {
            cli.awaitLine("READY", l -> l.startsWith("READY 1 server, 0 clients"), READY_TIMEOUT);

            JsonNode status = JSON.readTree(statusPath.toFile());
            assertThat(status.path("datacenter").asText()).isEqualTo("lab");
            assertThat(status.path("domain").asText()).isEqualTo("example.test");
            assertThat(status.path("leader").asText()).isEqualTo("consul-server-1");
            assertThat(status.path("agents")).hasSize(1);
            JsonNode server = status.path("agents").get(0);
            long pid = server.path("pid").asLong();
            agentPids.add(pid);
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
            assertThat(server.path("role").asText()).isEqualTo("server");
            assertThat(server.path("uiUrl").isNull()).isTrue();
            assertThat(Path.of(server.path("dataDir").asText())).startsWith(dataDir.toAbsolutePath());
            assertThat(dnsAnswers("consul.service.example.test", server.path("dns").asInt())).isEqualTo(1);

            cli.terminate();
            assertThat(cli.awaitExit(STOP_TIMEOUT)).as("exit code after SIGTERM\n" + cli.output()).isZero();
            assertThat(cli.lines()).containsSubsequence("SIGTERM received", "Stopping the cluster...", "STOPPED");
            assertThat(statusPath).doesNotExist();
            assertGone(agentPids);
            assertThat(dataDir.resolve("consul-server-1")).isDirectory();
        }
    }

    @Test
    void federatedDatacentersAreReadyWithALeaderEachAndStopCleanlyOnSigterm() throws Exception {
        ConsulBinary binary = RealConsul.binary();
        Path statusPath = tmp.resolve("federated.json");
        try (CliProcess cli = CliProcess.start(tmp, "--datacenters", "dc1,dc2", "--servers", "1", "--clients", "1",
                "--status-file", statusPath.toString(), "--binary", binary.executable().toString())) {
            cli.awaitLine("READY", l -> l.startsWith("READY 2 servers, 2 clients (datacenters dc1, dc2) in "), READY_TIMEOUT);
            assertThat(cli.lines()).anyMatch(l -> l.matches("NODE +DC +ROLE +PID +HTTP +DNS +SERF LAN"))
                    .anyMatch(l -> l.matches("consul-server-1-dc2 +dc2 +server +\\d+ +http://127\\.0\\.0\\.1:\\d+ .*"))
                    .anyMatch(l -> l.matches("Leaders: dc1 consul-server-1 \\(127\\.0\\.0\\.1:\\d+\\)"))
                    .anyMatch(l -> l.matches(" {9}dc2 consul-server-1-dc2 \\(127\\.0\\.0\\.1:\\d+\\)"));

            JsonNode status = JSON.readTree(statusPath.toFile());
            assertThat(status.path("datacenter").asText()).isEqualTo("dc1");
            assertThat(status.path("leader").asText()).isEqualTo("consul-server-1");
            assertThat(status.path("leaders").properties()).extracting(e -> e.getKey() + "=" + e.getValue().asText())
                    .containsExactlyInAnyOrder("dc1=consul-server-1", "dc2=consul-server-1-dc2");
            List<String> agents = new ArrayList<>();
            for (JsonNode agent : status.path("agents")) {
                agents.add(agent.path("node").asText() + "@" + agent.path("datacenter").asText() + "/" + agent.path("role").asText());
                long pid = agent.path("pid").asLong();
                agentPids.add(pid);
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("pid of " + agent.path("node").asText())
                        .contains(true);
                assertThat(agent.path("status").asText()).isEqualTo("alive");
            }
            assertThat(agents).containsExactlyInAnyOrder("consul-server-1@dc1/server", "consul-client-1@dc1/client",
                    "consul-server-1-dc2@dc2/server", "consul-client-1-dc2@dc2/client");
            // Every consul process the command started is one of the status file's agents.
            assertThat(consulDescendants(cli.pid())).containsExactlyInAnyOrderElementsOf(agentPids);

            JsonNode dc1Server = agent(status, "consul-server-1");
            assertThat(consul(binary, "members", "-wan", "-http-addr=127.0.0.1:" + dc1Server.path("http").asInt()))
                    .contains("consul-server-1.dc1", "consul-server-1-dc2.dc2")
                    .satisfies(out -> assertThat(out.lines().filter(l -> l.contains(" alive ")).count()).isEqualTo(2));
            // The summary's hint: a dc1 agent answers for dc2's services over the WAN.
            assertThat(dnsAnswers("consul.service.dc2.cluster.local", agent(status, "consul-client-1").path("dns").asInt()))
                    .as("A records for consul.service.dc2.cluster.local from a dc1 client").isEqualTo(1);

            cli.terminate();
            assertThat(cli.awaitExit(STOP_TIMEOUT)).as("exit code after SIGTERM\n" + cli.output()).isZero();
            assertThat(cli.lines()).containsSubsequence("SIGTERM received", "Stopping the cluster...", "STOPPED");
            assertThat(statusPath).doesNotExist();
            assertGone(agentPids);
        }
    }

    @Test
    void badArgumentsExitTwoWithUsageAndStartNothing() throws Exception {
        try (CliProcess cli = CliProcess.start(tmp, "--servers", "0")) {
            assertThat(cli.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
            assertThat(cli.lines()).isEmpty();
            assertThat(cli.stderr()).startsWith("consul-embedded: --servers must be >= 1, was 0")
                    .contains("Usage: java -jar consul-embedded-cli-<version>.jar [options]", "--clients M");
        }
    }

    private static String consul(ConsulBinary binary, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.executable().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                fail("consul " + String.join(" ", args) + " did not finish within 20 s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("consul " + String.join(" ", args) + ":\n" + text).isZero();
            return text;
        } finally {
            p.destroyForcibly();
        }
    }

    private static int consulExitCode(ConsulBinary binary, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(binary.executable().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                fail("consul " + String.join(" ", args) + " did not finish within 20 s");
            }
            return p.exitValue();
        } finally {
            p.destroyForcibly();
        }
    }

    /** What {@code dig @127.0.0.1 -p PORT NAME A} counts: the answers of one UDP query. */
    private static int dnsAnswers(String name, int port) throws IOException {
        ByteBuffer query = ByteBuffer.allocate(512);
        query.putShort((short) 0x1234).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0);
        for (String label : name.split("\\.")) {
            query.put((byte) label.length()).put(label.getBytes(StandardCharsets.US_ASCII));
        }
        query.put((byte) 0).putShort((short) 1).putShort((short) 1);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(5000);
            InetAddress loopback = InetAddress.getByName("127.0.0.1");
            socket.send(new DatagramPacket(query.array(), query.position(), loopback, port));
            DatagramPacket reply = new DatagramPacket(new byte[512], 512);
            socket.receive(reply);
            ByteBuffer answer = ByteBuffer.wrap(reply.getData(), 0, reply.getLength());
            assertThat(answer.getShort(0)).as("DNS id").isEqualTo((short) 0x1234);
            assertThat(answer.getShort(2) & 0xF).as("DNS rcode").isZero();
            return answer.getShort(6) & 0xFFFF;
        }
    }

    private static JsonNode agent(JsonNode status, String node) {
        for (JsonNode agent : status.path("agents")) {
            if (agent.path("node").asText().equals(node)) {
                return agent;
            }
        }
        return fail("no agent " + node + " in the status file:\n" + status.toPrettyString());
    }

    /** The pids of the consul processes below {@code pid} in the process tree. */
    private static List<Long> consulDescendants(long pid) {
        return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants)
                .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().equals("consul")).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    private static void awaitStatusPid(Path statusPath, String node, long pid) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        long seen = -2;
        while (System.nanoTime() < deadline) {
            for (JsonNode agent : JSON.readTree(statusPath.toFile()).path("agents")) {
                if (agent.path("node").asText().equals(node)) {
                    seen = agent.path("pid").asLong();
                }
            }
            if (seen == pid) {
                return;
            }
            Thread.sleep(100);
        }
        fail("the status file still gives " + node + " pid " + seen + ", not " + pid + ":\n"
                + Files.readString(statusPath));
    }

    private static void assertGone(List<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<Long> alive = pids;
        while (System.nanoTime() < deadline) {
            alive = pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("agent processes still running after the command exited: " + alive);
    }
}
