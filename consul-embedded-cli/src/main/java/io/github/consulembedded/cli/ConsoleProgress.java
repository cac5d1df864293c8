package io.github.consulembedded.cli;

import io.github.consulembedded.DownloadProgress;
import io.github.consulembedded.DownloadProgressListener;
import java.util.function.Consumer;

/** Prints download progress as plain lines; the downloader already limits reports to about one a second. */
final class ConsoleProgress implements DownloadProgressListener {

    private final Consumer<String> out;

    /** Reports to {@code out}, one call per line. */
    ConsoleProgress(Consumer<String> out) {
        this.out = out;
    }

    @Override
    public void onProgress(DownloadProgress p) {
        out.accept((p.done() ? "Downloaded " : "Downloading ") + p.url() + ": " + p.describe());
    }
}
