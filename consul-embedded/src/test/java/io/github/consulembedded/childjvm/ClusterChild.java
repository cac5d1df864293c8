package io.github.consulembedded.childjvm;

import io.github.consulembedded.AgentPorts;
import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.internal.process.WorkArea;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Test helper run in its own JVM: starts a cluster with the binary from {@code CONSUL_BINARY}
 * and reports it on standard output, one line per fact, so that a test in another JVM can
 * check the agents' pids and ports, kill this JVM, or stop it cleanly.
 *
 * <p>Arguments: {@code <servers> <clients> <readyTimeoutSeconds> [--wait-for-go]}. Output:
 * {@code SESSION <folder>}, then {@code WAITING} if asked to wait for a {@code go} line on
 * standard input, then {@code AGENT <node> <pid> <http> <dns> <serfLan> <serfWan> <server>} for
 * each agent and {@code READY <millis to ready>}. It then reads standard input until a
 * {@code stop} line or EOF, closes the cluster, prints {@code CLOSED} and exits 0. A failure
 * prints {@code FAILED <message>} and exits 1.
 */
public final class ClusterChild {
    private ClusterChild() {
    }

    public static void main(String[] args) throws Exception {
        int servers = Integer.parseInt(args[0]);
        int clients = Integer.parseInt(args[1]);
        Duration readyTimeout = Duration.ofSeconds(Long.parseLong(args[2]));
        boolean waitForGo = args.length > 3 && "--wait-for-go".equals(args[3]);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

        say("SESSION " + WorkArea.get().session());
        if (waitForGo) {
            say("WAITING");
            String line;
            do {
                line = in.readLine();
                if (line == null) {
                    say("FAILED standard input closed before go");
                    System.exit(1);
                }
            } while (!"go".equals(line.trim()));
        }

        ConsulCluster cluster;
        long began = System.nanoTime();
        try {
            cluster = ConsulCluster.builder().servers(servers).clients(clients).readyTimeout(readyTimeout).start();
        } catch (RuntimeException e) {
            e.printStackTrace();
            say("FAILED " + e.getMessage().replace('\n', ' '));
            System.exit(1);
            return;
        }
        long readyMillis = (System.nanoTime() - began) / 1_000_000;
        for (ConsulAgent agent : cluster.agents()) {
            AgentPorts p = agent.ports();
            say("AGENT " + agent.node() + " " + agent.pid() + " " + p.http() + " " + p.dns() + " " + p.serfLan()
                    + " " + p.serfWan() + " " + p.server());
        }
        say("READY " + readyMillis);

        String line;
        while ((line = in.readLine()) != null && !"stop".equals(line.trim())) {
            // Anything else is ignored: the parent only ever sends "stop".
        }
        cluster.close();
        say("CLOSED");
        System.exit(0);
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
