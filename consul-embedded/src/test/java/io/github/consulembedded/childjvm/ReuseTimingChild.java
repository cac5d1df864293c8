package io.github.consulembedded.childjvm;

import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.ConsulCluster;
import java.time.Duration;

/**
 * Test helper run in its own JVM: times, side by side in one JVM, a cold start of a spec without
 * reuse and getting a reused cluster of it that is already running (attach and reset), after an
 * unmeasured start that loads the classes.
 *
 * <p>Arguments: {@code <servers> <clients>}. Output: {@code TIMES <attach millis> <cold start millis>}
 * then {@code DONE}; a failure prints {@code FAILED <message>}. The reused cluster it started
 * first is left to the test to stop.
 */
public final class ReuseTimingChild {
    private ReuseTimingChild() {
    }

    public static void main(String[] args) {
        System.setProperty("consul.embedded.reuse", "force");
        try {
            ClusterSpec spec = ConsulCluster.builder().servers(Integer.parseInt(args[0])).clients(Integer.parseInt(args[1]))
                    .readyTimeout(Duration.ofSeconds(90)).build();
            // Unmeasured: loads the library's classes, so that neither measurement pays for that.
            ConsulCluster.start(spec).close();
            long began = System.nanoTime();
            ConsulCluster cold = ConsulCluster.start(spec);
            long coldNanos = System.nanoTime() - began;
            cold.close();
            ConsulCluster.start(spec.newBuilder().reuse(true).build()).close();
            began = System.nanoTime();
            ConsulCluster attached = ConsulCluster.start(spec.newBuilder().reuse(true).build());
            long attachNanos = System.nanoTime() - began;
            attached.close();
            say("TIMES " + attachNanos / 1_000_000 + " " + coldNanos / 1_000_000);
            say("DONE");
            System.exit(0);
        } catch (RuntimeException e) {
            e.printStackTrace();
            say("FAILED " + String.valueOf(e.getMessage()).replace('\n', ' '));
            System.exit(1);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
