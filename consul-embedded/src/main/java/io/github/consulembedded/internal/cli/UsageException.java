package io.github.consulembedded.internal.cli;

/** The command line cannot be used as given; the message names the option and the value. */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }

    public UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
