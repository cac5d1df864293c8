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
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches release files over HTTP(S) with the JDK's {@link HttpURLConnection}: redirects are
 * followed (also from HTTP to HTTPS, as mirrors do), and the JVM's standard proxy properties
 * ({@code https.proxyHost}, {@code http.nonProxyHosts}, ...) apply because connections go through
 * {@link java.net.ProxySelector#getDefault()}. A transfer that breaks (connection failure,
 * truncated body, HTTP 5xx) is retried once from the start.
 */
final class BinaryDownloader {

    private static final Logger LOG = LoggerFactory.getLogger(BinaryDownloader.class);
    private static final int ATTEMPTS = 2;
    private static final long REPORT_INTERVAL_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int MAX_REDIRECTS = 10;

    private final int connectMillis;
    private final int readMillis;
    private final DownloadProgressListener listener;

    /** A complete, hashed download sitting in a temp file the caller now owns. */
    record Downloaded(Path file, String sha256, long size) {
    }

    BinaryDownloader(Duration connectTimeout, Duration readTimeout, DownloadProgressListener listener) {
        this.connectMillis = Math.toIntExact(connectTimeout.toMillis());
        this.readMillis = Math.toIntExact(readTimeout.toMillis());
        this.listener = listener;
    }

    /** Reads a small text file such as SHA256SUMS; {@code what} names it for error messages. */
    String fetchText(URI url, String what) {
        return withRetry(url, what, () -> {
            HttpURLConnection connection = open(url);
            try (InputStream in = connection.getInputStream()) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } finally {
                connection.disconnect();
            }
        });
    }

    /** Streams {@code url} into a new temp file in {@code dir}, hashing on the way; no file is left on failure. */
    Downloaded download(URI url, String what, Path dir) {
        return withRetry(url, what, () -> {
            HttpURLConnection connection = open(url);
            try {
                return save(url, connection, dir);
            } finally {
                connection.disconnect();
            }
        });
    }

    private Downloaded save(URI url, HttpURLConnection body, Path dir) throws IOException {
        long total = body.getContentLengthLong();
        MessageDigest digest = sha256();
        ProgressMeter meter = new ProgressMeter(url, total);
        Path temp = Files.createTempFile(dir, BinaryCache.TEMP_PREFIX, ".zip");
        boolean complete = false;
        try {
            long read = 0;
            try (InputStream in = body.getInputStream(); OutputStream out = Files.newOutputStream(temp)) {
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

    /** A GET of {@code url} answered with 2xx, after following redirects; any other answer is an {@link HttpStatusException}. */
    private HttpURLConnection open(URI url) throws IOException {
        URI current = url;
        for (int redirects = 0; ; redirects++) {
            HttpURLConnection connection;
            try {
                connection = (HttpURLConnection) current.toURL().openConnection();
            } catch (MalformedURLException | IllegalArgumentException e) {
                throw new IOException("not a URL to download from: " + current, e);
            }
            connection.setConnectTimeout(connectMillis);
            connection.setReadTimeout(readMillis);
            // Followed here, so that a redirect from HTTP to HTTPS is followed too.
            connection.setInstanceFollowRedirects(false);
            connection.setRequestProperty("User-Agent", "consul-embedded");
            int code;
            try {
                code = connection.getResponseCode();
            } catch (IOException e) {
                connection.disconnect();
                throw e;
            }
            if (code / 100 == 2) {
                return connection;
            }
            String location = connection.getHeaderField("Location");
            String message = connection.getResponseMessage();
            connection.disconnect();
            if (code / 100 == 3 && code != 304 && location != null) {
                if (redirects >= MAX_REDIRECTS) {
                    throw new IOException("more than " + MAX_REDIRECTS + " redirects, the last to " + location);
                }
                current = current.resolve(location);
                continue;
            }
            throw new HttpStatusException(code, message);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime must provide SHA-256", e);
        }
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
