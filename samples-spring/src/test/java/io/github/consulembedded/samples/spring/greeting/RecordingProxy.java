package io.github.consulembedded.samples.spring.greeting;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP pass-through in front of a Consul agent that remembers the status of every answer, so a
 * test can see what the agent said to an application that does not report it.
 */
final class RecordingProxy implements AutoCloseable {
    /** One call through the proxy: method, path (without query) and the agent's status. */
    record Exchange(String method, String path, int status) {
    }

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host", "transfer-encoding", "upgrade");

    private final URI agent;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    private RecordingProxy(URI agent) throws IOException {
        this.agent = agent;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(threads); // blocking queries hold a thread each
        server.start();
    }

    /** Starts a proxy on a free loopback port that forwards to the agent at {@code agent}. */
    static RecordingProxy to(URI agent) throws IOException {
        return new RecordingProxy(agent);
    }

    /** The port applications should use instead of the agent's. */
    int port() {
        return server.getAddress().getPort();
    }

    /** Every call so far, in order. */
    List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    private void forward(HttpExchange in) throws IOException {
        try (in) {
            HttpRequest.Builder out = HttpRequest.newBuilder(agent.resolve(in.getRequestURI().toString()))
                    .method(in.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(in.getRequestBody().readAllBytes()));
            in.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                    values.forEach(value -> out.header(name, value));
                }
            });
            HttpResponse<byte[]> answer = http.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
            exchanges.add(new Exchange(in.getRequestMethod(), in.getRequestURI().getPath(), answer.statusCode()));
            for (Map.Entry<String, List<String>> header : answer.headers().map().entrySet()) {
                if (!HOP_BY_HOP.contains(header.getKey().toLowerCase()) && !header.getKey().startsWith(":")) {
                    in.getResponseHeaders().put(header.getKey(), header.getValue());
                }
            }
            byte[] body = answer.body();
            in.sendResponseHeaders(answer.statusCode(), body.length == 0 ? -1 : body.length);
            try (OutputStream responseBody = in.getResponseBody()) {
                responseBody.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
