package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsulHttpTest {
    private final MockWebServer server = new MockWebServer();
    private ConsulHttp http;

    @BeforeEach
    void start() throws Exception {
        server.start();
        http = new ConsulHttp(URI.create(server.url("/").toString()));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void repeatsACallOnceWhenTheAgentsPooledRpcConnectionHadDied() throws Exception {
        server.enqueue(new MockResponse.Builder().code(500).body("rpc error making call: stream closed").build());
        server.enqueue(new MockResponse.Builder().code(200).body("true").build());

        http.kvPut("a/b", "v");

        assertThat(server.getRequestCount()).isEqualTo(2);
        RecordedRequest second = server.takeRequest();
        assertThat(second.getTarget()).isEqualTo("/v1/kv/a/b");
    }

    @Test
    void doesNotRepeatOtherServerErrors() {
        server.enqueue(new MockResponse.Builder().code(500).body("No cluster leader").build());
        server.enqueue(new MockResponse.Builder().code(200).body("true").build());

        assertThatThrownBy(() -> http.kvPut("k", "v")).isInstanceOf(ConsulHttpException.class)
                .hasMessageContaining("answered HTTP 500: No cluster leader");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void missingKeyIsEmptyAndTokenIsSent() throws Exception {
        server.enqueue(new MockResponse.Builder().code(404).build());

        assertThat(http.withToken("secret").kvGet("missing")).isEmpty();
        assertThat(server.takeRequest().getHeaders().get("X-Consul-Token")).isEqualTo("secret");
    }

    @Test
    void errorStatusNamesMethodUrlAndBody() {
        server.enqueue(new MockResponse.Builder().code(403).body("Permission denied").build());

        assertThatThrownBy(() -> http.kvPut("k", "v")).isInstanceOf(ConsulHttpException.class)
                .hasMessageStartingWith("PUT " + server.url("/v1/kv/k"))
                .hasMessageEndingWith("answered HTTP 403: Permission denied")
                .satisfies(e -> assertThat(((ConsulHttpException) e).status()).isEqualTo(403));
    }
}
