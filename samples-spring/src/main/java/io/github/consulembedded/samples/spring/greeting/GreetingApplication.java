package io.github.consulembedded.samples.spring.greeting;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small Spring Boot service on Spring Cloud Consul: it registers itself as {@code greeting} with
 * an HTTP check on {@code /actuator/health}, and reads {@code greeting.message} from Consul's KV
 * store under {@code config/greeting/}, following changes while it runs.
 */
@SpringBootApplication
public class GreetingApplication {

    /** Starts the service; Consul's address comes from {@code spring.cloud.consul.host} and {@code port}. */
    public static void main(String[] args) {
        SpringApplication.run(GreetingApplication.class, args);
    }
}
