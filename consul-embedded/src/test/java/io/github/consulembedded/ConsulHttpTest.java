package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

    @Test
    void aTimeoutEndsACallToAnAgentThatNeverAnswers() {
        server.enqueue(new MockResponse.Builder().body("\"127.0.0.1:8300\"").headersDelay(5, TimeUnit.SECONDS).build());
        long began = System.nanoTime();

        assertThatThrownBy(() -> http.withTimeout(Duration.ofMillis(300)).leader()).isInstanceOf(ConsulHttpException.class)
                .hasMessageStartingWith("GET " + server.url("/v1/status/leader") + " failed");

        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(4));
        assertThatThrownBy(() -> http.withTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be positive and at most 2147483647 ms, was PT0S");
    }

    @Test
    void sendsRawJsonOnceAndReturnsTheAnswersJson() throws Exception {
        server.enqueue(new MockResponse.Builder().body("{\"ID\":\"abc\",\"Nested\":[1,{\"x\":null}]}").build());

        String answer = http.put("/v1/session/create", "{\"Name\":\"s\"}");

        assertThat(TestJson.read(answer).path("ID").asText()).isEqualTo("abc");
        assertThat(TestJson.read(answer).path("Nested").get(1).path("x").isNull()).isTrue();
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getBody().utf8()).isEqualTo("{\"Name\":\"s\"}");
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void encodesWhatAPathMayNotHoldAsItIs() throws Exception {
        server.enqueue(new MockResponse.Builder().body("[]").build());

        http.get("/v1/catalog/service/my service?tag=é");

        assertThat(server.takeRequest().getTarget()).isEqualTo("/v1/catalog/service/my%20service?tag=%C3%A9");
    }
}
