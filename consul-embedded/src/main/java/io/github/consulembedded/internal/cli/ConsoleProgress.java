package io.github.consulembedded.internal.cli;

import io.github.consulembedded.DownloadProgress;
import io.github.consulembedded.DownloadProgressListener;
import java.util.Locale;
import java.util.function.Consumer;

/** Prints download progress as plain lines; the downloader already limits reports to about one a second. */
public final class ConsoleProgress implements DownloadProgressListener {
    private static final double MB = 1024.0 * 1024.0;

    private final Consumer<String> out;

    /** Reports to {@code out}, one call per line. */
    public ConsoleProgress(Consumer<String> out) {
        this.out = out;
    }

    @Override
    public void onProgress(DownloadProgress p) {
        out.accept((p.done() ? "Downloaded " : "Downloading ") + p.url() + ": " + describe(p));
    }

    /** "45% (30.1 of 66.9 MB) at 5.2 MB/s", or without the percentage when the size is unknown. */
    static String describe(DownloadProgress p) {
        String speed = String.format(Locale.ROOT, "%.1f MB/s", p.bytesPerSecond() / MB);
        if (p.totalBytes() > 0) {
            return String.format(Locale.ROOT, "%d%% (%.1f of %.1f MB) at %s",
                    p.percent(), p.bytesRead() / MB, p.totalBytes() / MB, speed);
        }
        return String.format(Locale.ROOT, "%.1f MB at %s", p.bytesRead() / MB, speed);
    }
}
