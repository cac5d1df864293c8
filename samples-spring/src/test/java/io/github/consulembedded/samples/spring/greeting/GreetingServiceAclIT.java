package io.github.consulembedded.samples.spring.greeting;

import static io.github.consulembedded.junit.EmbeddedConsulCluster.PropertySet.SPRING_CLOUD_CONSUL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.junit.EmbeddedConsulCluster;
import io.github.consulembedded.junit.EmbeddedConsulCluster.AclToken;
import io.github.consulembedded.junit.EmbeddedConsulCluster.ResetPolicy;
import io.github.consulembedded.samples.spring.greeting.RecordingProxy.Exchange;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

/**
 * With ACLs on (default deny), as in production: the greeting service runs with the cluster's
 * token; without one, Consul refuses its registration with 403.
 */
@EmbeddedConsulCluster(servers = 3, clients = 2, acl = true, exportProperties = SPRING_CLOUD_CONSUL,
        reset = ResetPolicy.BEFORE_ALL)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        GreetingServiceIT.CHECK_EVERY_SECOND, GreetingServiceIT.ON_LOOPBACK})
@DirtiesContext
class GreetingServiceAclIT {
    private static final String CONFIG_TOKEN = "spring.cloud.consul.config.acl-token";
    private static final String DISCOVERY_TOKEN = "spring.cloud.consul.discovery.acl-token";
    private static String token;

    @Autowired
    Registration registration;
    @LocalServerPort
    int port;

    @BeforeAll
    static void tokenForTheApplication(@AclToken String aclToken, ConsulCluster cluster) {
        token = aclToken;
        // System properties, like the exported host and port: Spring imports configuration from
        // Consul while it prepares the environment, before @DynamicPropertySource values exist.
        System.setProperty(CONFIG_TOKEN, token);
        System.setProperty(DISCOVERY_TOKEN, token);
        assertThat(ConsulApi.of(cluster.client(0).httpAddress()).withToken(token)
                .kvPut(GreetingServiceIT.MESSAGE_KEY, "Hello, with a token")).isEqualTo(200);
    }

    @AfterAll
    static void clearTokens() {
        System.clearProperty(CONFIG_TOKEN);
        System.clearProperty(DISCOVERY_TOKEN);
    }

    @Test
    void registersAndReadsItsConfigurationWithTheToken(ConsulCluster cluster) {
        ConsulApi owner = ConsulApi.of(cluster.client(0).httpAddress()).withToken(token);
        await().atMost(Duration.ofSeconds(10)).until(() -> owner.instance("greeting", registration.getInstanceId())
                .map(instance -> instance.path("Checks").findValuesAsString("Status").stream().allMatch("passing"::equals))
                .orElse(false));
        assertThat(GreetingServiceIT.greetingAt(port)).isEqualTo("Hello, with a token");
    }

    @Test
    void withoutATokenItsRegistrationIsRefused(ConsulCluster cluster) throws IOException {
        ConsulApi owner = ConsulApi.of(cluster.client(0).httpAddress()).withToken(token);
        try (RecordingProxy agent = RecordingProxy.to(cluster.client(0).httpAddress());
                ConfigurableApplicationContext withoutToken = new SpringApplicationBuilder(GreetingApplication.class)
                        .run("--server.port=0", "--" + GreetingServiceIT.ON_LOOPBACK,
                                "--spring.cloud.consul.port=" + agent.port(),
                                "--" + DISCOVERY_TOKEN + "=")) { // configuration keeps its token
            assertThat(agent.exchanges()).contains(new Exchange("PUT", "/v1/agent/service/register", 403));
            assertThat(owner.agentHasService(withoutToken.getBean(Registration.class).getInstanceId())).isFalse();
            // Spring Cloud Consul 5.0.4 ignores every 4xx answer (its ConsulClient's status handler),
            // so the application runs although Consul refused it: nobody can find it.
            assertThat(withoutToken.isRunning()).isTrue();
        }
        assertThat(owner.healthOf("greeting")).extracting(instance -> instance.path("Service").path("ID").asString())
                .containsExactly(registration.getInstanceId());
    }
}
