package io.github.consulembedded;

import java.net.URI;

/**
 * A downloaded Consul archive did not have the expected SHA-256. The download was discarded
 * and nothing was installed; the message names both digests and the URL.
 */
public class ChecksumMismatchException extends BinaryUnavailableException {
    private static final long serialVersionUID = 1L;

    private final String expected;
    private final String actual;
    private final URI url;

    /** Creates the exception; {@code message} should name the URL and both digests. */
    public ChecksumMismatchException(String message, URI url, String expected, String actual) {
        super(message);
        this.url = url;
        this.expected = expected;
        this.actual = actual;
    }

    /** The SHA-256 (lower-case hex) the archive should have had. */
    public String expected() {
        return expected;
    }

    /** The SHA-256 (lower-case hex) of what was actually received. */
    public String actual() {
        return actual;
    }

    /** Where the archive was downloaded from. */
    public URI url() {
        return url;
    }
}
