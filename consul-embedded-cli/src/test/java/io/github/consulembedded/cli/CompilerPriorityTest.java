package io.github.consulembedded.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CompilerPriorityTest {

    @Test
    void recognisesTheJitCompilerThreadsOnly() {
        assertThat(CompilerPriority.isCompilerThread("C1 CompilerThre")).isTrue();
        assertThat(CompilerPriority.isCompilerThread("C2 CompilerThre")).isTrue();
        assertThat(CompilerPriority.isCompilerThread("main")).isFalse();
        assertThat(CompilerPriority.isCompilerThread("VM Thread")).isFalse();
        assertThat(CompilerPriority.isCompilerThread("consul-embedded")).isFalse();
    }

    @Test
    void renicesTheGivenThreadsAndNothingWithoutThreads() {
        assertThat(CompilerPriority.command(List.of("12", "13"), 10)).containsExactly("renice", "-n", "10", "-p", "12", "13");
        assertThat(CompilerPriority.command(List.of(), 10)).isEmpty();
    }

    @Test
    void runsTheCompilerTenStepsBelowTheCallerAndNoLowerThanLinuxAllows() {
        assertThat(CompilerPriority.target(0)).isEqualTo(10);
        assertThat(CompilerPriority.target(5)).isEqualTo(15);
        assertThat(CompilerPriority.target(12)).isEqualTo(19);
        assertThat(CompilerPriority.target(19)).isEqualTo(19);
    }

    /**
     * In a JVM of its own (it changes the JVM it runs in for good): afterwards its compiler
     * threads run {@link CompilerPriority#STEP} below the thread that spawns agents, which keeps
     * the priority it had (this test JVM's).
     */
    @Test
    void lowersOnlyTheCompilerThreadsOfTheJvm() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "Linux /proc lists threads");
        assumeTrue(onPath("renice"), "renice is installed");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Probe.class.getName()).redirectErrorStream(true).start();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as(out).isZero();
        Map<String, Integer> nice = new HashMap<>();
        for (String line : out.strip().split("\n")) {
            int tab = line.lastIndexOf('\t');
            nice.merge(line.substring(0, tab), Integer.parseInt(line.substring(tab + 1)), Math::max);
        }
        int own = CompilerPriority.niceOf(Path.of("/proc/thread-self"));
        assertThat(nice).as(out).containsEntry(Probe.SELF, own)
                .containsEntry("C1 CompilerThre", CompilerPriority.target(own))
                .containsEntry("C2 CompilerThre", CompilerPriority.target(own));
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lowers its compiler threads' priority, then prints each thread's name and nice value, and
     * its own (the thread that would spawn agents) as {@link #SELF}.
     */
    public static final class Probe {
        static final String SELF = "(calling thread)";

        public static void main(String[] args) throws IOException {
            CompilerPriority.lower();
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    System.out.println(Files.readString(task.resolve("comm")).strip() + "\t" + CompilerPriority.niceOf(task));
                }
            }
            System.out.println(SELF + "\t" + CompilerPriority.niceOf(Path.of("/proc/thread-self")));
        }
    }
}
