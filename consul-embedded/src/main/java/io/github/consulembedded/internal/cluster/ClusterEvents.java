package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.ClusterEvent;
import io.github.consulembedded.ClusterListener;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.internal.agent.Agent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A cluster's listeners, and the log line each event gets. */
public final class ClusterEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ConsulCluster.class);

    private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();

    public ClusterEvents(List<ClusterListener> initial) {
        listeners.addAll(initial);
    }

    public void add(ClusterListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void emit(ClusterEvent.Type type, Agent agent, String detail) {
        emit(new ClusterEvent(type, agent.node(), detail, Instant.now()));
    }

    /** An event about the whole cluster: its node is empty. */
    public void emit(ClusterEvent.Type type, String detail) {
        emit(new ClusterEvent(type, "", detail, Instant.now()));
    }

    private void emit(ClusterEvent event) {
        ClusterEvent.Type type = event.type();
        if (type == ClusterEvent.Type.SUPERVISION_GAVE_UP || type == ClusterEvent.Type.AGENT_RESTART_FAILED) {
            LOG.warn("{}", event);
        } else if (type == ClusterEvent.Type.AGENT_STARTED) {
            LOG.debug("{}", event);
        } else {
            LOG.info("{}", event);
        }
        for (ClusterListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("Cluster listener {} failed on {}", listener, event, e);
            }
        }
    }
}
