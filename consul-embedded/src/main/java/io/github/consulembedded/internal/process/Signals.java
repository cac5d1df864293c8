package io.github.consulembedded.internal.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** POSIX signals the JDK cannot send ({@code STOP}, {@code CONT}), through {@code kill}. */
public final class Signals {
    private Signals() {
    }

    /**
     * Sends {@code signal} (a name such as {@code STOP}) to {@code pid}.
     *
     * @throws IllegalStateException when {@code kill} fails, naming the pid and the signal
     */
    public static void send(long pid, String signal) {
        try {
            ManagedProcess.Result result = ManagedProcess.run("kill-" + signal,
                    List.of("kill", "-" + signal, Long.toString(pid)), null, Duration.ofSeconds(5));
            if (result.exitCode() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed with exit code "
                        + result.exitCode() + ": " + result.output().trim());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot send SIG" + signal + " to pid " + pid + ": " + e.getMessage(), e);
        }
    }
}
