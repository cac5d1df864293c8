package io.github.consulembedded.childjvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One {@code AGENT <node> <pid> <http> <dns> <serfLan> <serfWan> <server>} line of
 * {@link ClusterChild}, with a handle on the process taken when the line was read, so that a
 * later pid reuse is not mistaken for the agent.
 */
public record ReportedAgent(String node, long pid, Optional<ProcessHandle> process, List<Integer> ports) {

    public static ReportedAgent parse(String line) {
        String[] f = line.trim().split(" ");
        if (f.length != 8 || !"AGENT".equals(f[0])) {
            throw new IllegalArgumentException("not an AGENT line: " + line);
        }
        long pid = Long.parseLong(f[2]);
        List<Integer> ports = List.of(Integer.parseInt(f[3]), Integer.parseInt(f[4]), Integer.parseInt(f[5]),
                Integer.parseInt(f[6]), Integer.parseInt(f[7]));
        return new ReportedAgent(f[1], pid, ProcessHandle.of(pid), ports);
    }

    /** True while the agent process exists and is not a zombie waiting to be reaped. */
    public boolean isRunning() {
        return process.map(ReportedAgent::isRunning).orElse(false);
    }

    /**
     * True while {@code p} runs. A process that died but whose parent has not reaped it yet is a
     * zombie: it holds no port, memory or file, so it counts as gone.
     */
    public static boolean isRunning(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(p.pid()), "stat");
        try {
            String s = Files.readString(stat, StandardCharsets.UTF_8);
            // The state follows the command name, which is in parentheses and may hold spaces.
            String afterName = s.substring(s.lastIndexOf(')') + 1).trim();
            return !afterName.startsWith("Z") && !afterName.startsWith("X");
        } catch (IOException e) {
            return p.isAlive();
        }
    }

    @Override
    public String toString() {
        return node + " pid " + pid + (isRunning() ? " (running)" : " (gone)") + " ports " + ports;
    }
}
