package io.github.consulembedded.samples.spring.caller;

import java.net.URI;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

/**
 * A second application, a client of the greeting service: it registers nothing and finds
 * {@code greeting} through its own Consul agent, calling it by service name through a
 * load-balanced {@link RestClient}. Its settings are in {@code caller.properties}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class GreetingCaller {

    /** Starts the caller against the Consul agent at {@code agent}; close the context to stop it. */
    public static ConfigurableApplicationContext start(URI agent) {
        // Command-line arguments outrank the system properties that @EmbeddedConsulCluster exports
        // for the application under test, which point at another agent.
        return new SpringApplicationBuilder(GreetingCaller.class).main(GreetingCaller.class).run(
                "--spring.config.name=caller",
                "--spring.cloud.consul.host=" + agent.getHost(),
                "--spring.cloud.consul.port=" + agent.getPort());
    }

    @Bean
    @LoadBalanced
    RestClient.Builder loadBalancedRestClientBuilder() {
        return RestClient.builder();
    }

    /** Calls {@code http://greeting/...}: the host is a Consul service name, resolved on each call. */
    @Bean
    RestClient greetingService(@LoadBalanced RestClient.Builder builder) {
        return builder.baseUrl("http://greeting").build();
    }
}
