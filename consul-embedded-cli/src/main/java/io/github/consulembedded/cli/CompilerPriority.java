package io.github.consulembedded.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives the JVM's JIT compiler threads a lower CPU priority ({@code renice} by {@link #STEP}) on
 * Linux, so that on a small machine the agents the command starts get the CPU before the JVM
 * compiles its own start-up code: six agents starting and a fresh JVM compiling (C1 and C2) share
 * the cores, and every millisecond an agent waits delays its join and the first election.
 *
 * <p>Only the compiler threads: the command's own threads spawn the agents, which inherit the
 * priority of the thread that spawns them. The JIT still runs whenever a core is free. Elsewhere
 * (no {@code /proc}, no {@code renice}) nothing changes.
 */
final class CompilerPriority {
    /** How much lower than the command's own threads (and so the agents) the compiler threads run. */
    static final int STEP = 10;
    /** The lowest priority Linux has. */
    static final int LOWEST = 19;
    private static final Path TASKS = Path.of("/proc/self/task");

    private CompilerPriority() {
    }

    /** Lowers the compiler threads' priority and waits for {@code renice} to end; quietly does nothing where it cannot. */
    static void lower() {
        List<String> command;
        try {
            command = command(compilerThreads(), target(niceOf(Path.of("/proc/thread-self"))));
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (command.isEmpty()) {
            return;
        }
        try {
            Process renice = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            renice.waitFor();
        } catch (IOException e) {
            // No renice here: the JIT keeps the default priority.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The nice value for the compiler threads when the calling thread runs at {@code own}. */
    static int target(int own) {
        return Math.min(LOWEST, own + STEP);
    }

    /** The {@code renice} command that sets these threads to nice {@code target}, or empty for none. */
    static List<String> command(List<String> threadIds, int target) {
        if (threadIds.isEmpty()) {
            return List.of();
        }
        List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(target), "-p"));
        command.addAll(threadIds);
        return command;
    }

    /** Whether a thread with this name ({@code /proc/.../comm}, cut to 15 characters) is a JIT compiler thread. */
    static boolean isCompilerThread(String name) {
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /** A thread's nice value: the 19th field of its {@code stat} line, the 17th after its parenthesised name. */
    static int niceOf(Path task) throws IOException {
        String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    /** This JVM's compiler threads' ids; empty where {@code /proc} does not list threads. */
    private static List<String> compilerThreads() {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(TASKS)) {
            return ids;
        }
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                try {
                    if (isCompilerThread(Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip())) {
                        ids.add(task.getFileName().toString());
                    }
                } catch (IOException e) {
                    // The thread ended meanwhile.
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return ids;
    }
}
