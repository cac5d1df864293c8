package io.github.consulembedded;

import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default listener: one INFO line per report; the downloader already limits reports to one a second. */
final class DownloadProgressLogger implements DownloadProgressListener {
    static final DownloadProgressLogger INSTANCE = new DownloadProgressLogger();

    // Named after ConsulBinary: users look there for everything about getting the binary.
    private static final Logger LOG = LoggerFactory.getLogger("io.github.consulembedded.ConsulBinary");
    private static final double MB = 1024.0 * 1024.0;

    private DownloadProgressLogger() {
    }

    @Override
    public void onProgress(DownloadProgress p) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        LOG.info("{} {}: {}", p.done() ? "Downloaded" : "Downloading", p.url(), describe(p));
    }

    static String describe(DownloadProgress p) {
        String speed = String.format(Locale.ROOT, "%.1f MB/s", p.bytesPerSecond() / MB);
        if (p.totalBytes() > 0) {
            return String.format(Locale.ROOT, "%d%% (%.1f of %.1f MB) at %s",
                    p.percent(), p.bytesRead() / MB, p.totalBytes() / MB, speed);
        }
        return String.format(Locale.ROOT, "%.1f MB at %s", p.bytesRead() / MB, speed);
    }

    @Override
    public String toString() {
        return "DownloadProgressLogger";
    }
}
