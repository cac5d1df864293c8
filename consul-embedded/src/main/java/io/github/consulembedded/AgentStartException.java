package io.github.consulembedded;

import io.github.consulembedded.internal.process.LogBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * An agent did not start: it exited, or did not become ready in time. Carries the exit code (or
 * -1 if it was still running and had to be stopped), the agent's last output lines and its data
 * dir, all quoted in the message.
 */
public class AgentStartException extends ConsulEmbeddedException {
    private static final long serialVersionUID = 1L;
    private final String node;
    private final int exitCode;
    private final List<String> lastLines;
    private final transient Path dataDir;

    public AgentStartException(String node, String what, int exitCode, List<String> lastLines, Path dataDir,
                               Throwable cause) {
        super("consul agent " + node + " " + what + (exitCode >= 0 ? " (exit code " + exitCode + ")" : "")
                + "\n  data dir: " + dataDir
                + "\n  last " + lastLines.size() + " lines of its output:\n" + LogBuffer.quote(lastLines), cause);
        this.node = node;
        this.exitCode = exitCode;
        this.lastLines = List.copyOf(lastLines);
        this.dataDir = dataDir;
    }

    public String node() {
        return node;
    }

    /** The agent's exit code, or -1 if it had not exited on its own. */
    public int exitCode() {
        return exitCode;
    }

    public List<String> lastLines() {
        return lastLines;
    }

    public Path dataDir() {
        return dataDir;
    }
}
