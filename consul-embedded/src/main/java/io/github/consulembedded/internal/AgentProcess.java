package io.github.consulembedded.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteResultHandler;
import org.apache.commons.exec.LogOutputStream;
import org.apache.commons.exec.PumpStreamHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a consul executable, launched through commons-exec. Its output goes line by line to
 * an SLF4J logger named {@code consul.<node>} and into the agent's {@link LogBuffer}, pumped by
 * daemon threads named after the node and pid. {@link #exit()} completes with the exit code.
 */
public final class AgentProcess {
    private final String node;
    private final Process process;
    private final CompletableFuture<Integer> exit;

    private AgentProcess(String node, Process process, CompletableFuture<Integer> exit) {
        this.node = node;
        this.process = process;
        this.exit = exit;
    }

    /**
     * Starts {@code command} and returns once the OS process exists.
     *
     * @throws IOException when the executable cannot be started at all
     */
    public static AgentProcess launch(String node, List<String> command, Path workingDir, LogBuffer buffer)
            throws IOException {
        Logger log = LoggerFactory.getLogger("consul." + node);
        CommandLine line = new CommandLine(command.get(0));
        for (String arg : command.subList(1, command.size())) {
            line.addArgument(arg, false);
        }
        CapturingExecutor executor = new CapturingExecutor();
        executor.setWorkingDirectory(workingDir.toFile());
        executor.setExitValues(null);
        executor.setStreamHandler(new NamedPumps(node, executor,
                new LineSink(log, buffer, false), new LineSink(log, buffer, true)));
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        executor.execute(line, (Map<String, String>) null, new ExecuteResultHandler() {
            @Override
            public void onProcessComplete(int exitValue) {
                exit.complete(exitValue);
            }

            @Override
            public void onProcessFailed(ExecuteException e) {
                if (executor.launched.getCount() > 0) {
                    executor.launchFailure = e;
                    executor.launched.countDown();
                }
                exit.complete(e.getExitValue());
            }
        });
        try {
            if (!executor.launched.await(30, TimeUnit.SECONDS)) {
                throw new IOException("consul for node " + node + " did not start within 30 s: " + line);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting consul for node " + node, e);
        }
        if (executor.process == null) {
            Throwable cause = executor.launchFailure == null ? null : executor.launchFailure.getCause();
            throw new IOException("cannot run " + command.get(0) + " for node " + node + ": "
                    + (cause == null ? executor.launchFailure : cause), executor.launchFailure);
        }
        return new AgentProcess(node, executor.process, exit);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive() && !exit.isDone();
    }

    /** Completes with the exit code once the process has ended and its output is drained. */
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    /** SIGTERM: a graceful stop (servers do not leave; clients do, Consul's defaults). */
    public void terminate() {
        process.destroy();
    }

    /** SIGKILL, as a crash would. */
    public void kill() {
        process.destroyForcibly();
    }

    /** Waits for the exit; true if it ended within {@code millis}. */
    public boolean awaitExit(long millis) throws InterruptedException {
        try {
            exit.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    @Override
    public String toString() {
        return "consul " + node + " pid " + process.pid();
    }

    /** Keeps the Process that commons-exec launches, for its pid and for signals. */
    private static final class CapturingExecutor extends DefaultExecutor {
        final CountDownLatch launched = new CountDownLatch(1);
        volatile Process process;
        volatile ExecuteException launchFailure;

        @SuppressWarnings("deprecation")
        CapturingExecutor() {
            super();
        }

        @Override
        protected Process launch(CommandLine command, Map<String, String> env, File dir) throws IOException {
            return captured(super.launch(command, env, dir));
        }

        @Override
        protected Process launch(CommandLine command, Map<String, String> env, Path dir) throws IOException {
            return captured(super.launch(command, env, dir));
        }

        private Process captured(Process p) {
            if (process == null) {
                process = p;
                launched.countDown();
            }
            return p;
        }

        @Override
        protected Thread createThread(Runnable runnable, String name) {
            Thread thread = super.createThread(runnable, name);
            thread.setDaemon(true);
            thread.setName("consul-embedded-exec");
            return thread;
        }
    }

    /** Pumps stdout and stderr in daemon threads named {@code consul-<node>-<pid>}. */
    private static final class NamedPumps extends PumpStreamHandler {
        private final String node;
        private final CapturingExecutor executor;

        NamedPumps(String node, CapturingExecutor executor, OutputStream out, OutputStream err) {
            super(out, err);
            this.node = node;
            this.executor = executor;
        }

        @Override
        protected Thread createPump(InputStream is, OutputStream os, boolean closeWhenExhausted) {
            Thread pump = super.createPump(is, os, closeWhenExhausted);
            Process p = executor.process;
            pump.setName("consul-" + node + "-" + (p == null ? "?" : p.pid()) + (os instanceof LineSink s && s.stderr ? "-err" : "-out"));
            pump.setDaemon(true);
            return pump;
        }
    }

    /**
     * Sends each line to the node's logger and the buffer. Consul's own levels map one step
     * down ([ERR] to WARN, [WARN] to INFO, [INFO] to DEBUG), so agents are quiet at INFO.
     */
    private static final class LineSink extends LogOutputStream {
        private final Logger log;
        private final LogBuffer buffer;
        final boolean stderr;

        LineSink(Logger log, LogBuffer buffer, boolean stderr) {
            super(1, java.nio.charset.StandardCharsets.UTF_8);
            this.log = log;
            this.buffer = buffer;
            this.stderr = stderr;
        }

        @Override
        protected void processLine(String line, int level) {
            buffer.add(line);
            if (line.contains("[ERR]") || line.contains("[ERROR]") || (stderr && !line.isBlank())) {
                log.warn(line);
            } else if (line.contains("[WARN]")) {
                log.info(line);
            } else if (line.contains("[INFO]") || line.startsWith("==>") || line.isBlank()) {
                log.debug(line);
            } else {
                log.trace(line);
            }
        }
    }
}
