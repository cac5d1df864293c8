package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.consulembedded.internal.WorkArea;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsulAgentIT {

    @Test
    void oneNodeServerStartsServesKvAndLeavesNothingBehind() {
        long pid;
        Path dataDir;
        try (ConsulAgent agent = ConsulAgent.start(RealConsul.binary(), AgentConfig.server().build())) {
            pid = agent.pid();
            dataDir = agent.dataDir();
            assertThat(pid).isPositive();
            assertThat(agent.http().leader()).isEqualTo(agent.serverAddress());
            agent.http().kvPut("greeting/hello", "world");
            assertThat(agent.http().kvGet("greeting/hello")).contains("world");
            assertThat(Files.isDirectory(dataDir)).isTrue();
            assertThat(agent.node()).isEqualTo("consul-server-1");
        }
        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(dataDir).doesNotExist();
    }

    @Test
    void closeIsIdempotent() {
        ConsulAgent agent = ConsulAgent.start(RealConsul.binary(), AgentConfig.server().devMode(true).build());
        agent.close();
        agent.close();
        assertThat(agent.isRunning()).isFalse();
        assertThat(agent.pid()).isEqualTo(-1);
    }

    @Test
    void badExtraConfigFailsFastWithConsulsOwnError() {
        ConsulBinary binary = RealConsul.binary();
        AgentConfig config = AgentConfig.server().extraConfig("{\"no_such_consul_key\": 1}").build();
        assertThatThrownBy(() -> ConsulAgent.start(binary, config))
                .isInstanceOf(AgentStartException.class)
                .hasMessageContaining("consul-server-1 exited during start")
                .hasMessageContaining("no_such_consul_key")
                .satisfies(e -> assertThat(((AgentStartException) e).exitCode()).isNotZero());
    }

    @Test
    void portTakenAfterTheCheckIsSurvivedWithNewPorts() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int taken = squatter.getLocalPort();
            WorkArea.get().ports().handOutUncheckedNext(taken);
            try (ConsulAgent agent = ConsulAgent.start(RealConsul.binary(), AgentConfig.server().devMode(true).build())) {
                assertThat(agent.ports().asList()).doesNotContain(taken);
                assertThat(agent.recentLog(500)).anyMatch(l -> l.contains("address already in use"));
                assertThat(agent.http().leader()).isNotEmpty();
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
            assertThatThrownBy(() -> ConsulAgent.start(binary, AgentConfig.server().ports(ports).build()))
                    .isInstanceOf(ConsulEmbeddedException.class)
                    .hasMessageContaining("port " + taken);
        }
    }

    @Test
    void persistentDataDirIsKept(@TempDir Path dir) {
        Path data = dir.resolve("server-data");
        try (ConsulAgent agent = ConsulAgent.start(RealConsul.binary(), AgentConfig.server().dataDir(data).build())) {
            agent.http().kvPut("kept", "yes");
        }
        assertThat(data.resolve("node-id")).exists();
        try (ConsulAgent agent = ConsulAgent.start(RealConsul.binary(), AgentConfig.server().dataDir(data).build())) {
            Optional<String> value = agent.http().kvGet("kept");
            assertThat(value).contains("yes");
        }
    }
}
