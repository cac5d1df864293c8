package io.github.consulembedded.internal.reuse;

import io.github.consulembedded.ConsulEmbeddedException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests from an attached run to the keeper, as files in the entry's {@code commands} folder:
 * {@code <id>.request} holds {@code <operation> [<node>]}, and the keeper answers with
 * {@code <id>.result}: {@code ok [<value>]} or {@code error <message>}.
 */
final class KeeperChannel {
    private static final String REQUEST = ".request";
    private static final String RESULT = ".result";
    private static final AtomicLong IDS = new AtomicLong();

    /** One request as the keeper reads it. */
    record Request(String id, String operation, String node) {
    }

    private KeeperChannel() {
    }

    /** Sends a request and waits for the answer; returns its value, throws its error. */
    static String call(ReuseEntry entry, String operation, String node, Duration timeout) {
        return send(entry, operation, node).await(timeout);
    }

    /** Sends a request without waiting: the caller may do other work while the keeper does it. */
    static Pending send(ReuseEntry entry, String operation, String node) {
        // Unique among the runs that share the folder without UUID's SecureRandom, whose first use costs
        // a fresh JVM tens of milliseconds: the pid, the time and a counter.
        String id = ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime()) + "-" + IDS.incrementAndGet();
        entry.write(entry.commands().resolve(id + REQUEST), operation + (node == null ? "" : " " + node));
        return new Pending(entry, id, operation + (node == null ? "" : " " + node));
    }

    /** A request the keeper has not answered yet. */
    static final class Pending {
        // Most answers come within milliseconds; polling that often only while they are due costs nothing.
        private static final long FAST_POLL_NANOS = 200_000_000L;

        private final ReuseEntry entry;
        private final Path result;
        private final String what;
        private final long sent = System.nanoTime();

        private Pending(ReuseEntry entry, String id, String what) {
            this.entry = entry;
            this.result = entry.commands().resolve(id + RESULT);
            this.what = what;
        }

        /** Waits for the answer; returns its value, throws its error. */
        String await(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Optional<String> answer = entry.read(result);
                if (answer.isPresent()) {
                    try {
                        Files.deleteIfExists(result);
                    } catch (IOException ignored) {
                        // The keeper removes the folder with the entry anyway.
                    }
                    String text = answer.get();
                    if (text.startsWith("ok")) {
                        return text.length() > 3 ? text.substring(3) : "";
                    }
                    throw new ConsulEmbeddedException(what + " failed in the reused cluster's keeper: "
                            + text.substring(Math.min(6, text.length())));
                }
                if (!entry.keeperAlive() || !entry.exists()) {
                    throw new ConsulEmbeddedException("the keeper of the reused Consul cluster " + entry.id()
                            + " is gone; " + what + " was not done");
                }
                long now = System.nanoTime();
                if (now > deadline) {
                    throw new ConsulEmbeddedException("the keeper of the reused Consul cluster " + entry.id() + " did not do "
                            + what + " within " + timeout + "; see " + entry.log());
                }
                try {
                    Thread.sleep(now - sent < FAST_POLL_NANOS ? 2 : 10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConsulEmbeddedException("interrupted while waiting for the keeper to do " + what, e);
                }
            }
        }
    }

    /** The requests waiting for the keeper, removed from the folder as they are read. */
    static List<Request> take(ReuseEntry entry) {
        List<Request> requests = new ArrayList<>();
        if (!Files.isDirectory(entry.commands())) {
            return requests;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(entry.commands(), "*" + REQUEST)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                Optional<String> text = entry.read(file);
                Files.deleteIfExists(file);
                if (text.isPresent()) {
                    String[] parts = text.get().trim().split(" ", 2);
                    requests.add(new Request(name.substring(0, name.length() - REQUEST.length()), parts[0],
                            parts.length > 1 ? parts[1] : null));
                }
            }
        } catch (IOException e) {
            // A request that could not be read this time is read on the next poll.
        }
        return requests;
    }

    static void answer(ReuseEntry entry, Request request, String value) {
        entry.write(entry.commands().resolve(request.id() + RESULT), "ok" + (value == null ? "" : " " + value));
    }

    static void fail(ReuseEntry entry, Request request, String message) {
        entry.write(entry.commands().resolve(request.id() + RESULT), "error " + message.replace('\n', ' '));
    }
}
