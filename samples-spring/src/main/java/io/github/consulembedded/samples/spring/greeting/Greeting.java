package io.github.consulembedded.samples.spring.greeting;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.context.config.annotation.RefreshScope;
import org.springframework.stereotype.Component;

/**
 * The greeting text from configuration. Refresh-scoped: when Spring Cloud Consul's config watch
 * sees {@code config/greeting/greeting.message} change, the next call gets a new instance with the new value.
 */
@Component
@RefreshScope
public class Greeting {
    private final String message;

    /** Takes the configured {@code greeting.message}. */
    public Greeting(@Value("${greeting.message}") String message) {
        this.message = message;
    }

    /** The configured text. */
    public String message() {
        return message;
    }
}
