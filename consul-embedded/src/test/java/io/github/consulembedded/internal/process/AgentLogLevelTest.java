package io.github.consulembedded.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class AgentLogLevelTest {

    /** Lines as Consul 1.4 prints them: after the banner every log line is indented by four spaces. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'    2019/02/12 10:00:00 [ERR] agent: failed to sync remote state: No cluster leader' | WARN",
        "'    2019/02/12 10:00:00 [WARN] agent: Node name \"x\" will not be discoverable' | INFO",
        "'    2019/02/12 10:00:00 [INFO] agent: Synced node info' | DEBUG",
        "'    2019/02/12 10:00:00 [DEBUG] agent: Node info in sync' | TRACE",
        "'    2019/02/12 10:00:00 [INFO]  raft: Node at 127.0.0.1:8300 [Follower] entering' | DEBUG",
        "'2019/02/12 10:00:00 [ERR] agent: not indented' | WARN",
        "'2019/02/12 10:00:00 [WARN] agent: not indented' | INFO",
        "'2019/02/12 10:00:00 [INFO] agent: not indented' | DEBUG",
        "'2019/02/12 10:00:00 [DEBUG] agent: not indented' | TRACE",
    })
    void readsTheLevelsOfConsul14OneStepDown(String line, Level expected) {
        assertThat(new AgentLogLevel().of(line)).isEqualTo(expected);
    }

    /** Lines as Consul 1.8 (hclog) prints them, indented, with ISO timestamps and padded levels. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'    2020-12-01T21:46:23.207Z [ERROR] agent.anti_entropy: failed to sync remote state: error=\"No cluster leader\"' | WARN",
        "'    2020-12-01T21:46:23.207Z [WARN]  agent.server.raft: heartbeat timeout reached' | INFO",
        "'    2020-12-01T21:46:23.207Z [INFO]  agent.server.serf.lan: serf: EventMemberJoin: consul-server-2 127.0.0.1' | DEBUG",
        "'    2020-12-01T21:46:23.207Z [DEBUG] agent: Node info in sync' | TRACE",
        "'    2020-12-01T21:46:23.207Z [TRACE] agent.tlsutil: Update: version=1' | TRACE",
        "'2020-12-01T21:46:23.207+0300 [ERROR] agent: not indented, with an offset' | WARN",
        "'2020-12-01T21:46:23.207+0300 [WARN]  agent: not indented, with an offset' | INFO",
    })
    void readsTheLevelsOfConsul18OneStepDown(String line, Level expected) {
        assertThat(new AgentLogLevel().of(line)).isEqualTo(expected);
    }

    /**
     * The hand-written reader against the regular expression it replaced, on awkward lines: a
     * level after zero, one, two or three words, other white space, unknown or lower-case
     * levels, brackets without a level, and lines that end early.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'[INFO] agent: no timestamp'", "'[INFO]agent: no space after'", "'   [WARN] only indented'",
        "'one [ERR] word before'", "'one two [ERROR] two words before'", "'one two three [ERR] three words before'",
        "'\t2019/02/12\t10:00:00\t[DEBUG] tabs'", "'[foo] [INFO] a bracketed word'", "'[info] lower case'",
        "'[NOTICE] unknown level'", "'[INFO'", "'x [INFO'", "'word'", "'word '", "'a b '", "''", "'   '",
        "'    2019/02/12 10:00:00 [INFO]  raft: Node at 127.0.0.1:8300 [Follower] entering'",
        "'2019/02/12 10:00:00 agent: [INFO] late bracket'", "'[WARNING] warning'", "'[TRACE]'",
    })
    void readsLevelsAsTheRegularExpressionItReplacedDid(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("^\\s*(?:\\S+\\s+){0,2}\\[(TRACE|DEBUG|INFO|WARN|WARNING|ERR|ERROR)\\]").matcher(line);
        Level expected = !m.find() ? null : switch (m.group(1)) {
            case "ERR", "ERROR" -> Level.WARN;
            case "WARN", "WARNING" -> Level.INFO;
            case "INFO" -> Level.DEBUG;
            default -> Level.TRACE;
        };
        assertThat(AgentLogLevel.explicit(line)).isEqualTo(expected);
    }

    @Test
    void bannerLinesAndWhatFollowsThemAreDebug() {
        AgentLogLevel levels = new AgentLogLevel();
        levels.of("    2020-12-01T21:46:23.207Z [ERROR] agent: something failed");
        assertThat(levels.of("==> Caught signal: terminated")).isEqualTo(Level.DEBUG);
        // The banner's own continuation lines, indented values without a level, are part of it.
        assertThat(levels.of("           Version: '1.8.7'")).isEqualTo(Level.DEBUG);
        assertThat(levels.of("       Client Addr: [127.0.0.1] (HTTP: 8500, HTTPS: -1, gRPC: -1, DNS: 8600)")).isEqualTo(Level.DEBUG);
    }

    @Test
    void continuationLinesKeepThePreviousLinesLevel() {
        AgentLogLevel levels = new AgentLogLevel();
        assertThat(levels.of("    2019/02/12 10:00:00 [ERR] agent: Coordinate update error: rpc error:")).isEqualTo(Level.WARN);
        assertThat(levels.of("  * first cause")).isEqualTo(Level.WARN);
        assertThat(levels.of("    2019/02/12 10:00:00 [INFO] agent: Synced node info")).isEqualTo(Level.DEBUG);
        assertThat(levels.of("\tmore of the same message")).isEqualTo(Level.DEBUG);
        assertThat(levels.of("    2020-12-01T21:46:23.207Z [WARN]  agent: multi-line")).isEqualTo(Level.INFO);
        assertThat(levels.of("second line")).isEqualTo(Level.INFO);
    }

    @Test
    void panicsAndTheirStackTracesAreWarnings() {
        AgentLogLevel levels = new AgentLogLevel();
        levels.of("    2019/02/12 10:00:00 [DEBUG] agent: Node info in sync");
        assertThat(levels.of("panic: runtime error: invalid memory address or nil pointer dereference")).isEqualTo(Level.WARN);
        assertThat(levels.of("goroutine 1 [running]:")).isEqualTo(Level.WARN);
        assertThat(levels.of("github.com/hashicorp/consul/agent.(*Agent).Start(0xc000)")).isEqualTo(Level.WARN);
        assertThat(new AgentLogLevel().of("fatal error: concurrent map writes")).isEqualTo(Level.WARN);
    }

    @Test
    void aFirstLineWithoutLevelIsDebug() {
        assertThat(new AgentLogLevel().of("           Node ID: 'aa5474aa-14d1-8e07-c340-ac7755b7c5c4'")).isEqualTo(Level.DEBUG);
    }

    /**
     * The old behaviour logged every stderr line as WARN. Through the real SLF4J binding of the
     * tests (slf4j-simple, agents' loggers at WARN, printing to System.err), an INFO line must stay
     * silent and an ERR line must print as WARN, on either stream.
     */
    @Test
    void agentOutputLogsAtTheLineLevelWhateverTheStream() {
        List<String> printed = captureStandardError(() -> {
            LogBuffer buffer = new LogBuffer(10);
            AgentOutput output = new AgentOutput("log-level-test", buffer, () -> { });
            for (boolean stderr : new boolean[] {false, true}) {
                output.accept(new ManagedProcess.OutputLine("    2019/02/12 10:00:00 [INFO] agent: quiet on " + stream(stderr), stderr));
                output.accept(new ManagedProcess.OutputLine("    2020-12-01T21:46:23.207Z [WARN]  agent: quiet on " + stream(stderr), stderr));
                output.accept(new ManagedProcess.OutputLine("    2019/02/12 10:00:00 [ERR] agent: loud on " + stream(stderr), stderr));
                output.accept(new ManagedProcess.OutputLine("    2020-12-01T21:46:23.207Z [ERROR] agent: loud on " + stream(stderr), stderr));
            }
            assertThat(buffer.last(10)).hasSize(8);
        });
        assertThat(printed).filteredOn(l -> l.contains("consul.log-level-test")).hasSize(4)
                .allMatch(l -> l.contains(" WARN consul.log-level-test") && l.contains("loud on"));
    }

    private static String stream(boolean stderr) {
        return stderr ? "stderr" : "stdout";
    }

    private static List<String> captureStandardError(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
