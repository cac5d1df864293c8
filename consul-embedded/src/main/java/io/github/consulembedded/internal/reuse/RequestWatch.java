package io.github.consulembedded.internal.reuse;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * Lets the keeper sleep until a request arrives in its {@code commands} folder or a poll interval
 * passes, whichever is first: on Linux the file system tells at once (inotify), so an attaching
 * run's request is picked up within a millisecond; elsewhere it falls back to polling.
 */
final class RequestWatch implements AutoCloseable {
    private final WatchService service;

    private RequestWatch(WatchService service) {
        this.service = service;
    }

    /** Watches {@code folder}, created if missing; without a watch service, {@link #await} just sleeps. */
    static RequestWatch on(Path folder) {
        try {
            Files.createDirectories(folder);
            WatchService service = FileSystems.getDefault().newWatchService();
            folder.register(service, StandardWatchEventKinds.ENTRY_CREATE);
            return new RequestWatch(service);
        } catch (IOException | UnsupportedOperationException e) {
            return new RequestWatch(null);
        }
    }

    /** Returns when something was created in the folder, or after {@code millis}. */
    void await(long millis) throws InterruptedException {
        if (service == null) {
            Thread.sleep(millis);
            return;
        }
        WatchKey key = service.poll(millis, TimeUnit.MILLISECONDS);
        if (key != null) {
            key.pollEvents();
            key.reset();
        }
    }

    @Override
    public void close() {
        if (service != null) {
            try {
                service.close();
            } catch (IOException ignored) {
                // The keeper is stopping; the watch goes with the process.
            }
        }
    }
}
