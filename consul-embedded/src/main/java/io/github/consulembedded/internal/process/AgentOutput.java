package io.github.consulembedded.internal.process;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an agent's output goes: every line into its {@link LogBuffer}, and to the SLF4J logger
 * {@code consul.<node>} at the level {@link AgentLogLevel} gives it.
 */
public final class AgentOutput implements Consumer<ManagedProcess.OutputLine> {
    private final Logger log;
    private final LogBuffer buffer;
    private final AgentLogLevel levels = new AgentLogLevel();

    public AgentOutput(String node, LogBuffer buffer) {
        this.log = LoggerFactory.getLogger("consul." + node);
        this.buffer = buffer;
    }

    @Override
    public void accept(ManagedProcess.OutputLine line) {
        buffer.add(line.text());
        if (line.text().isBlank()) {
            return;
        }
        log.atLevel(levels.of(line.text())).log(line.text());
    }
}
