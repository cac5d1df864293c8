package io.github.consulembedded.internal;

import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The OkHttp client the library uses to talk to its own agents. Agents listen on loopback, so
 * the client bypasses any JVM proxy settings and uses short timeouts; OkHttp's threads are
 * daemons, so a shared client never keeps a JVM alive.
 */
public final class HttpClients {
    private static final OkHttpClient AGENTS = new OkHttpClient.Builder()
            .proxy(java.net.Proxy.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(2))
            .readTimeout(Duration.ofSeconds(10))
            .writeTimeout(Duration.ofSeconds(10))
            .retryOnConnectionFailure(true)
            .build();

    // Readiness probes must not hang on a socket that accepts but never answers.
    private static final OkHttpClient PROBES = AGENTS.newBuilder()
            .connectTimeout(Duration.ofMillis(500))
            .readTimeout(Duration.ofSeconds(1))
            .retryOnConnectionFailure(false)
            .build();

    private HttpClients() {
    }

    public static OkHttpClient agents() {
        return AGENTS;
    }

    /** Short timeouts, for polling readiness. */
    public static OkHttpClient probes() {
        return PROBES;
    }
}
