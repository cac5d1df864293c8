package io.github.consulembedded.internal.binary;

import io.github.consulembedded.ConsulBinary;
import io.github.consulembedded.DownloadProgress;
import io.github.consulembedded.DownloadProgressListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default listener: one INFO line per report; the downloader already limits reports to one a second. */
public final class DownloadProgressLogger implements DownloadProgressListener {
    public static final DownloadProgressLogger INSTANCE = new DownloadProgressLogger();

    // Named after ConsulBinary: users look there for everything about getting the binary.
    private static final Logger LOG = LoggerFactory.getLogger("io.github.consulembedded.ConsulBinary");

    private DownloadProgressLogger() {
    }

    @Override
    public void onProgress(DownloadProgress p) {
        if (!LOG.isInfoEnabled()) {
            return;
        }
        LOG.info("{} {}: {}", p.done() ? "Downloaded" : "Downloading", p.url(), p.describe());
    }

    @Override
    public String toString() {
        return "DownloadProgressLogger";
    }
}
