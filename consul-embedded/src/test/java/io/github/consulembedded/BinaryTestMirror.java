package io.github.consulembedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * A release mirror on loopback that counts requests per path. Each path serves its scripted
 * responses in order and then repeats the last one; unknown paths answer 404.
 */
final class BinaryTestMirror implements AutoCloseable {

    private final MockWebServer server = new MockWebServer();
    private final Map<String, Deque<MockResponse>> responses = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    BinaryTestMirror() {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String path = request.getUrl().encodedPath();
                counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
                Deque<MockResponse> queue = responses.get(path);
                if (queue == null) {
                    return new MockResponse.Builder().code(404).body("not found").build();
                }
                synchronized (queue) {
                    return queue.size() > 1 ? queue.removeFirst() : queue.getFirst();
                }
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI baseUrl() {
        return URI.create(server.url("/").toString());
    }

    /** Serves the archive of {@code version} for {@code platform}, like {@code consul/1.4.2/consul_1.4.2_linux_amd64.zip}. */
    BinaryTestMirror serveArchive(String version, String platform, MockResponse... scripted) {
        return serve(archivePath(version, platform), scripted);
    }

    BinaryTestMirror serveSums(String version, String text) {
        return serve("/consul/" + version + "/consul_" + version + "_SHA256SUMS",
                new MockResponse.Builder().body(text).build());
    }

    BinaryTestMirror serve(String path, MockResponse... scripted) {
        responses.put(path, new ArrayDeque<>(java.util.List.of(scripted)));
        return this;
    }

    static String archivePath(String version, String platform) {
        return "/consul/" + version + "/consul_" + version + "_" + platform + ".zip";
    }

    static MockResponse ok(byte[] body) {
        return new MockResponse.Builder().body(new Buffer().write(body)).build();
    }

    int requests(String path) {
        AtomicInteger n = counts.get(path);
        return n == null ? 0 : n.get();
    }

    int archiveRequests(String version, String platform) {
        return requests(archivePath(version, platform));
    }

    int totalRequests() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public void close() {
        server.close();
    }
}
