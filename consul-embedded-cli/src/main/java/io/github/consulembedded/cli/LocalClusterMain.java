package io.github.consulembedded.cli;

/**
 * The local developer cluster command: {@code java -jar consul-embedded-cli-<version>.jar [options]}
 * starts 3 servers + 3 clients (by default), prints where they are and a line starting with
 * {@code READY}, and runs until SIGINT or SIGTERM. {@code --help} lists the options.
 */
public final class LocalClusterMain {

    private LocalClusterMain() {
    }

    /** Runs the command and exits with its code: 0 stopped, 2 bad arguments, 3 no binary, 4 not ready. */
    public static void main(String[] args) {
        StartupWarmup.start();
        // The command prints its own progress; without an SLF4J provider the library's logging is off,
        // so the "no providers" notice would only confuse. A provider on the class path still logs.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        System.exit(LocalClusterCommand.run(args));
    }
}
