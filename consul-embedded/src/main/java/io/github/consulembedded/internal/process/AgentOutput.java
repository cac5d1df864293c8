package io.github.consulembedded.internal.process;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an agent's output goes: every line into its {@link LogBuffer}, and to the SLF4J logger
 * {@code consul.<node>} at the level {@link AgentLogLevel} gives it; then {@code afterEachLine}
 * runs, to tell whoever waits on the agent that something happened.
 */
public final class AgentOutput implements Consumer<ManagedProcess.OutputLine> {
    private final Logger log;
    private final LogBuffer buffer;
    private final AgentLogLevel levels = new AgentLogLevel();
    private final Runnable afterEachLine;

    public AgentOutput(String node, LogBuffer buffer, Runnable afterEachLine) {
        this.log = LoggerFactory.getLogger("consul." + node);
        this.buffer = buffer;
        this.afterEachLine = afterEachLine;
    }

    @Override
    public void accept(ManagedProcess.OutputLine line) {
        buffer.add(line.text());
        if (!line.text().isBlank()) {
            log.atLevel(levels.of(line.text())).log(line.text());
        }
        afterEachLine.run();
    }
}
