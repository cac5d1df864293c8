package io.github.consulembedded;

import java.net.URI;
import java.util.Locale;

/**
 * A snapshot of a Consul archive download, as handed to a {@link DownloadProgressListener}.
 *
 * @param url the archive being downloaded
 * @param bytesRead bytes received so far in the current attempt
 * @param totalBytes the announced length, or {@code -1} if the server did not send one
 * @param bytesPerSecond average speed of the current attempt
 * @param done whether this is the final report of a complete transfer
 */
public record DownloadProgress(URI url, long bytesRead, long totalBytes, double bytesPerSecond, boolean done) {

    /** Whole percent received, between 0 and 100, or {@code -1} when the total is unknown. */
    public int percent() {
        if (totalBytes <= 0) {
            return -1;
        }
        return (int) Math.min(100, bytesRead * 100 / totalBytes);
    }

    /** "45% (30.1 of 66.9 MB) at 5.2 MB/s", or without the percentage when the size is unknown. */
    public String describe() {
        double mb = 1024.0 * 1024.0;
        String speed = String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / mb);
        if (totalBytes > 0) {
            return String.format(Locale.ROOT, "%d%% (%.1f of %.1f MB) at %s", percent(), bytesRead / mb, totalBytes / mb, speed);
        }
        return String.format(Locale.ROOT, "%.1f MB at %s", bytesRead / mb, speed);
    }
}
