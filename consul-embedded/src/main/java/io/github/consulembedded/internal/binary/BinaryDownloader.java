package io.github.consulembedded.internal.binary;

import io.github.consulembedded.BinaryUnavailableException;
import io.github.consulembedded.DownloadProgress;
import io.github.consulembedded.DownloadProgressListener;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches release files over HTTP(S) with OkHttp: redirects are followed, and the JVM's standard
 * proxy properties ({@code https.proxyHost}, {@code http.nonProxyHosts}, ...) apply because the
 * client keeps OkHttp's default of {@link java.net.ProxySelector#getDefault()}. A transfer that
 * breaks (connection failure, truncated body, HTTP 5xx) is retried once from the start.
 */
final class BinaryDownloader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BinaryDownloader.class);
    private static final int ATTEMPTS = 2;
    private static final long REPORT_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();

    private final OkHttpClient client;
    private final DownloadProgressListener listener;

    /** A complete, hashed download sitting in a temp file the caller now owns. */
    record Downloaded(Path file, String sha256, long size) {
    }

    BinaryDownloader(Duration connectTimeout, Duration readTimeout, DownloadProgressListener listener) {
        // No proxy(...) or proxySelector(...) here on purpose: the defaults honour the JVM's proxy settings.
        this.client = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .readTimeout(readTimeout)
                .followRedirects(true)
                .followSslRedirects(true)
                .build();
        this.listener = listener;
    }

    /** Reads a small text file such as SHA256SUMS; {@code what} names it for error messages. */
    String fetchText(URI url, String what) {
        return withRetry(url, what, () -> {
            try (Response response = client.newCall(request(url)).execute()) {
                requireSuccess(response);
                return response.body().string();
            }
        });
    }

    /** Streams {@code url} into a new temp file in {@code dir}, hashing on the way; no file is left on failure. */
    Downloaded download(URI url, String what, Path dir) {
        return withRetry(url, what, () -> {
            try (Response response = client.newCall(request(url)).execute()) {
                requireSuccess(response);
                return save(url, response.body(), dir);
            }
        });
    }

    private Downloaded save(URI url, ResponseBody body, Path dir) throws IOException {
        long total = body.contentLength();
        MessageDigest digest = sha256();
        ProgressMeter meter = new ProgressMeter(url, total);
        Path temp = Files.createTempFile(dir, BinaryCache.TEMP_PREFIX, ".zip");
        boolean complete = false;
        try {
            long read = 0;
            try (InputStream in = body.byteStream(); OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) != -1; ) {
                    out.write(buffer, 0, n);
                    digest.update(buffer, 0, n);
                    read += n;
                    meter.update(read);
                }
            }
            if (total >= 0 && read != total) {
                throw new EOFException("received " + read + " of " + total + " announced bytes");
            }
            meter.done(read);
            complete = true;
            return new Downloaded(temp, HexFormat.of().formatHex(digest.digest()), read);
        } finally {
            if (!complete) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private interface Attempt<T> {
        T run() throws IOException;
    }

    private <T> T withRetry(URI url, String what, Attempt<T> attempt) {
        IOException last = null;
        for (int i = 1; i <= ATTEMPTS; i++) {
            try {
                return attempt.run();
            } catch (HttpStatusException e) {
                if (e.code == 404) {
                    throw new BinaryUnavailableException(url + " answered HTTP 404: " + what
                            + " may not exist (check the version and platform). To proceed: "
                            + DownloadHints.HOW_TO_PROCEED);
                }
                if (e.code < 500) {
                    throw new BinaryUnavailableException(url + " answered " + e.getMessage()
                            + " for " + what + ". To proceed: " + DownloadHints.HOW_TO_PROCEED, e);
                }
                last = e;
            } catch (InterruptedIOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new BinaryUnavailableException("Interrupted while downloading " + url, e);
                }
                last = e;
            } catch (IOException e) {
                last = e;
            }
            if (i < ATTEMPTS) {
                LOG.warn("Downloading {} failed ({}); trying once more from the start", url, last.toString());
            }
        }
        throw failure(url, what, last);
    }

    private static BinaryUnavailableException failure(URI url, String what, IOException last) {
        if (isConnectionFailure(last)) {
            return new BinaryUnavailableException("Cannot connect to " + url.getHost() + " to download " + what
                    + " from " + url + " (" + last + "). To proceed: " + DownloadHints.HOW_TO_PROCEED, last);
        }
        return new BinaryUnavailableException("Downloading " + what + " from " + url + " failed twice, the last time"
                + " with " + last + "; nothing was installed. If this persists: " + DownloadHints.HOW_TO_PROCEED,
                last);
    }

    private static boolean isConnectionFailure(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException || c instanceof ConnectException
                    || c instanceof NoRouteToHostException) {
                return true;
            }
        }
        return false;
    }

    private static Request request(URI url) {
        return new Request.Builder().url(url.toString()).header("User-Agent", "consul-embedded").build();
    }

    private static void requireSuccess(Response response) throws HttpStatusException {
        if (!response.isSuccessful()) {
            throw new HttpStatusException(response.code(), response.message());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime must provide SHA-256", e);
        }
    }

    /** Shuts the client's threads and pooled connections down; the downloader is not used afterwards. */
    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    private static final class HttpStatusException extends IOException {
        private static final long serialVersionUID = 1L;
        final int code;

        HttpStatusException(int code, String message) {
            super("HTTP " + code + (message == null || message.isEmpty() ? "" : " " + message));
            this.code = code;
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    /** Tells the listener at most once a second, then once more when the transfer is complete. */
    private final class ProgressMeter {
        private final URI url;
        private final long total;
        private final long started = System.nanoTime();
        private long lastReport = started;

        ProgressMeter(URI url, long total) {
            this.url = url;
            this.total = total;
        }

        void update(long read) {
            long now = System.nanoTime();
            if (now - lastReport >= REPORT_INTERVAL_NANOS) {
                lastReport = now;
                report(read, now, false);
            }
        }

        void done(long read) {
            report(read, System.nanoTime(), true);
        }

        private void report(long read, long now, boolean done) {
            double seconds = Math.max(now - started, 1_000_000L) / 1e9;
            try {
                listener.onProgress(new DownloadProgress(url, read, total, read / seconds, done));
            } catch (RuntimeException e) {
                // Progress is a courtesy; a faulty listener must not cost the user the download.
                LOG.warn("Download progress listener {} failed", listener, e);
            }
        }
    }
}
