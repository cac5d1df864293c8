package io.github.consulembedded.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.consulembedded.AgentPorts;
import io.github.consulembedded.AgentStartException;
import io.github.consulembedded.ConsulBinary;
import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.RealConsul;
import io.github.consulembedded.internal.process.PortAllocator;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentIT {

    @Test
    void oneNodeServerStartsServesKvAndLeavesNothingBehind() {
        long pid;
        Path dataDir;
        try (Agent agent = TestAgents.start(AgentConfig.server().build())) {
            pid = agent.pid();
            dataDir = agent.dataDir();
            assertThat(pid).isPositive();
            assertThat(agent.state()).isEqualTo(AgentState.RUNNING);
            assertThat(agent.api().leader()).isEqualTo(agent.serverAddress());
            agent.api().kvPut("greeting/hello", "world");
            assertThat(agent.api().kvGet("greeting/hello")).contains("world");
            assertThat(Files.isDirectory(dataDir)).isTrue();
            assertThat(agent.node()).isEqualTo("consul-server-1");
        }
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void closeIsIdempotent() {
        Agent agent = TestAgents.start(AgentConfig.server().devMode(true).build());
        agent.close();
        agent.close();
        assertThat(agent.isRunning()).isFalse();
        assertThat(agent.pid()).isEqualTo(-1);
        assertThat(agent.state()).isEqualTo(AgentState.CLOSED);
    }

    @Test
    void badExtraConfigFailsFastWithConsulsOwnError() {
        ConsulBinary binary = RealConsul.binary();
        AgentConfig config = AgentConfig.server().extraConfig("{\"no_such_consul_key\": 1}").build();
        assertThatThrownBy(() -> TestAgents.start(binary, config))
                .isInstanceOf(AgentStartException.class)
                .hasMessageContaining("consul-server-1 exited during start")
                .hasMessageContaining("no_such_consul_key")
                .satisfies(e -> assertThat(((AgentStartException) e).exitCode()).isNotZero());
    }

    @Test
    void portTakenAfterTheCheckIsSurvivedWithNewPorts(@TempDir Path locks) throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int taken = squatter.getLocalPort();
            // The first port handed out is the squatter's, as if another process took it right after the check.
            AtomicBoolean first = new AtomicBoolean(true);
            PortAllocator racing = new PortAllocator(locks,
                    () -> first.getAndSet(false) ? taken : 20000 + ThreadLocalRandom.current().nextInt(12000),
                    (host, port) -> port == taken || PortAllocator.isFree(host, port));
            try (Agent agent = TestAgents.start(RealConsul.binary(), AgentConfig.server().devMode(true).build(), racing)) {
                assertThat(agent.ports().asList()).doesNotContain(taken);
                assertThat(agent.recentLog(500)).anyMatch(l -> l.contains("address already in use"));
                assertThat(agent.api().leader()).isNotEmpty();
            }
        }
    }

    @Test
    void fixedPortInUseIsRefusedNamingThePort() throws Exception {
        ConsulBinary binary = RealConsul.binary();
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int taken = squatter.getLocalPort();
            AgentPorts ports = new AgentPorts(taken, -1, 23001, 23002, 23003, 23004);
            assertThatThrownBy(() -> TestAgents.start(binary, AgentConfig.server().ports(ports).build()))
                    .isInstanceOf(ConsulEmbeddedException.class)
                    .hasMessageContaining("port " + taken);
        }
    }

    @Test
    void persistentDataDirIsKept(@TempDir Path dir) {
        Path data = dir.resolve("server-data");
        try (Agent agent = TestAgents.start(AgentConfig.server().dataDir(data).build())) {
            agent.api().kvPut("kept", "yes");
        }
        assertThat(data.resolve("node-id")).exists();
        try (Agent agent = TestAgents.start(AgentConfig.server().dataDir(data).build())) {
            // A consistent read: the restarted server names itself leader before it has restored its state.
            Optional<String> value = agent.api().getIfPresent("/v1/kv/kept?consistent&raw").map(n -> n.asText());
            assertThat(value).contains("yes");
        }
    }
}
