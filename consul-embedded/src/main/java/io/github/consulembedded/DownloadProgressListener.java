package io.github.consulembedded;

/**
 * Receives progress of a Consul archive download: at most once a second while bytes arrive,
 * then once more with {@link DownloadProgress#done()} set. Called on the downloading thread,
 * so implementations should return quickly.
 */
@FunctionalInterface
public interface DownloadProgressListener {

    /** Reports how far the download of {@link DownloadProgress#url()} has come. */
    void onProgress(DownloadProgress progress);
}
