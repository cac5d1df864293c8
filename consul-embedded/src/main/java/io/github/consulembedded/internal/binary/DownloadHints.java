package io.github.consulembedded.internal.binary;

/** The advice every "cannot get a binary" message ends with. */
public final class DownloadHints {

    /** How to get going without HashiCorp's release site. */
    public static final String HOW_TO_PROCEED = "set consul.embedded.binary / CONSUL_BINARY to a consul executable, "
            + "or consul.embedded.download-url / CONSUL_EMBEDDED_DOWNLOAD_URL to a mirror laid out like "
            + "https://releases.hashicorp.com";

    private DownloadHints() {
    }
}
