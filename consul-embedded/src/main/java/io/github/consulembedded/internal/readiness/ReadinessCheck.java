package io.github.consulembedded.internal.readiness;

import java.util.List;

/** One condition of "ready", judged on an observation; it names what does not hold yet. */
public interface ReadinessCheck {

    /** A short name for the condition, such as {@code leader agreed}. */
    String name();

    /** Empty when the condition holds; otherwise one line per problem. */
    List<String> problems(ClusterObservation observation);
}
