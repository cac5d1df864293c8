package io.github.consulembedded.internal.agent;

import io.github.consulembedded.AgentPorts;
import io.github.consulembedded.internal.util.Durations;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders an agent's command line: the original deployment's flags ({@code -server
 * -bootstrap-expect -retry-join -datacenter -domain -recursor -ui -disable-host-node-id -client
 * -bind -advertise -node -data-dir}) with the agent's own ports, its config file and pid file.
 */
public final class AgentCommandLine {
    private AgentCommandLine() {
    }

    /**
     * @param pidFile where consul writes its pid; the watchdog finds a session's agents by this flag
     */
    public static List<String> render(Path executable, AgentConfig c, Path dataDir, AgentPorts ports, Path configFile,
            Path pidFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable.toString());
        cmd.add("agent");
        if (c.devMode()) {
            cmd.add("-dev");
        } else {
            if (c.isServer()) {
                cmd.add("-server");
                cmd.add("-bootstrap-expect=" + c.bootstrapExpect());
            }
            cmd.add("-data-dir=" + dataDir);
        }
        for (String join : c.retryJoin()) {
            cmd.add("-retry-join=" + join);
        }
        if (!c.retryJoin().isEmpty()) {
            cmd.add("-retry-interval=" + Durations.consul(c.retryInterval()));
        }
        for (String join : c.retryJoinWan()) {
            cmd.add("-retry-join-wan=" + join);
        }
        if (!c.retryJoinWan().isEmpty()) {
            cmd.add("-retry-interval-wan=" + Durations.consul(c.retryInterval()));
        }
        cmd.add("-node=" + c.node());
        cmd.add("-datacenter=" + c.datacenter());
        cmd.add("-domain=" + c.domain());
        for (String recursor : c.recursors()) {
            cmd.add("-recursor=" + recursor);
        }
        if (c.ui()) {
            cmd.add("-ui");
        }
        cmd.add("-disable-host-node-id");
        cmd.add("-client=" + c.clientAddress());
        cmd.add("-bind=" + c.bindAddress());
        cmd.add("-advertise=" + c.advertiseAddress());
        if (ports.http() != -1) {
            cmd.add("-http-port=" + ports.http());
        }
        cmd.add("-dns-port=" + ports.dns());
        cmd.add("-serf-lan-port=" + ports.serfLan());
        cmd.add("-serf-wan-port=" + ports.serfWan());
        cmd.add("-server-port=" + ports.server());
        cmd.add("-log-level=" + c.logLevel().toLowerCase(Locale.ROOT));
        cmd.add("-config-file=" + configFile);
        cmd.add("-pid-file=" + pidFile);
        return cmd;
    }
}
