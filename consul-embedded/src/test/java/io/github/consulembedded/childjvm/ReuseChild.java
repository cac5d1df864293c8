package io.github.consulembedded.childjvm;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ServiceRegistration;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Test helper run in its own JVM: gets a reused cluster (attached or started) and reports it,
 * then leaves data behind for the next run to (not) see.
 *
 * <p>Arguments: {@code <servers> <clients> <attachWait> <idleTimeout>} (durations such as
 * {@code 5s}). Output: {@code READY <millis from start() to a usable cluster>}, one
 * {@code AGENT <node> <pid> <running> <frozen>} per agent, {@code SEEN <kv keys> <services> <sessions>} (what an
 * earlier run left, which a reset removes), then {@code LEFT} once it wrote a KV entry, a
 * service and a session. It then reads standard input: {@code kill <node>} kills an agent and
 * prints {@code KILLED <node> <new pid>} once it is back; {@code freeze <node>} and
 * {@code stop-agent <node>} freeze or stop an agent and print {@code DONE <command>}; {@code stop} (or EOF) closes the
 * cluster, prints {@code CLOSED} and exits 0. A failure prints {@code FAILED <message>}.
 */
public final class ReuseChild {
    private ReuseChild() {
    }

    public static void main(String[] args) throws Exception {
        // force: the test asks for reuse explicitly, also where CI=true.
        System.setProperty("consul.embedded.reuse", "force");
        System.setProperty("consul.embedded.reuse.wait", args[2]);
        System.setProperty("consul.embedded.reuse.idle-timeout", args[3]);
        ConsulCluster cluster;
        long began = System.nanoTime();
        try {
            cluster = ConsulCluster.builder().servers(Integer.parseInt(args[0])).clients(Integer.parseInt(args[1]))
                    .readyTimeout(Duration.ofSeconds(90)).reuse(true).start();
        } catch (RuntimeException e) {
            e.printStackTrace();
            say("FAILED " + String.valueOf(e.getMessage()).replace('\n', ' '));
            System.exit(1);
            return;
        }
        say("READY " + (System.nanoTime() - began) / 1_000_000);
        for (ConsulAgent agent : cluster.agents()) {
            say("AGENT " + agent.node() + " " + agent.pid() + " " + agent.isRunning() + " " + agent.isFrozen());
        }
        int keys = cluster.http().kvKeys("").size();
        int services = cluster.http().catalogServices().size() - 1; // consul itself
        int sessions = cluster.http().get("/v1/session/list").replaceAll("[^{]", "").length();
        say("SEEN " + keys + " " + services + " " + sessions);

        cluster.http().kvPut("left/by/" + ProcessHandle.current().pid(), "x");
        cluster.registerService(cluster.applicationAgent(), ServiceRegistration.builder("left-behind").port(1234).build());
        cluster.http().put("/v1/session/create", "{\"Name\":\"left\"}");
        say("LEFT");

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !"stop".equals(line.trim())) {
            if (line.startsWith("freeze ")) {
                cluster.freeze(cluster.agent(line.substring(7).trim()));
                say("DONE " + line.trim());
            } else if (line.startsWith("stop-agent ")) {
                cluster.stop(cluster.agent(line.substring(11).trim()));
                say("DONE " + line.trim());
            } else if (line.startsWith("kill ")) {
                ConsulAgent agent = cluster.agent(line.substring(5).trim());
                long old = agent.pid();
                cluster.kill(agent);
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while ((!agent.isRunning() || agent.pid() == old) && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                cluster.awaitLeader();
                say("KILLED " + agent.node() + " " + agent.pid());
            }
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
