package io.github.consulembedded.cli;

/** The command line cannot be used as given; the message names the option and the value. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
