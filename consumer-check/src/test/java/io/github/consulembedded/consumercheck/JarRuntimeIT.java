package io.github.consulembedded.consumercheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The published jar works on its own: a real HTTP call and JSON parse through the library (the
 * JDK's HTTP client and the internal JSON parser), against a local server, with no Consul binary.
 */
class JarRuntimeIT {
    private HttpServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/status/leader", exchange -> {
            byte[] body = "\"127.0.0.1:8300\"".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void callsAnAgentThroughThePublishedJar() {
        assertThat(ConsulCluster.class.getProtectionDomain().getCodeSource().getLocation().getPath()).endsWith(".jar");
        ConsulHttp http = new ConsulHttp(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));

        assertThat(http.leader()).isEqualTo("127.0.0.1:8300");
    }
}
