package io.github.consulembedded.cli;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.ServerSocket;
import java.net.URI;
import org.slf4j.LoggerFactory;

/**
 * The JVM's one-time set-up that the command meets within its first few hundred milliseconds,
 * done on a second thread from launch, so that the main thread (options, binary, the servers'
 * folders, ports and spawn) does not do it in line: SLF4J's provider lookup (the library's
 * loggers), the socket classes (the check that a port is free), the process classes (the
 * watchdog's and the agents' spawn) and the JDK's HTTP client (the agents' first probes).
 *
 * <p>Nothing here has an effect the command could see: no socket is bound, no connection made, no
 * process started. Where the main thread needs one of them first, the JVM's class initialization
 * has it wait for the work rather than repeat it. Measured with {@code java -jar} on 2 cores, the
 * first server spawns 10-20 ms sooner.
 */
final class StartupWarmup implements Runnable {

    private StartupWarmup() {
    }

    /** Starts the warm-up on a daemon thread, which the JVM does not wait for at exit. */
    static void start() {
        Thread thread = new Thread(new StartupWarmup(), "consul-embedded-cli-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        CompilerPriority.lower();
        LoggerFactory.getILoggerFactory();
        try {
            new ServerSocket().close();
            new DatagramSocket(null).close();
            URI.create("http://127.0.0.1/").toURL().openConnection();
        } catch (IOException e) {
            // Only a warm-up: the main thread meets the same problem where it matters, and reports it.
        }
        ProcessHandle.current().info();
        try {
            Class.forName("java.lang.ProcessImpl");
        } catch (ClassNotFoundException e) {
            // Another JDK's process classes: they are set up on the first spawn instead.
        }
    }
}
