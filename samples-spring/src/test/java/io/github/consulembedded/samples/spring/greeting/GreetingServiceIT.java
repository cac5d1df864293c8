package io.github.consulembedded.samples.spring.greeting;

import static io.github.consulembedded.junit.EmbeddedConsulCluster.PropertySet.SPRING_CLOUD_CONSUL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.junit.EmbeddedConsulCluster;
import io.github.consulembedded.junit.EmbeddedConsulCluster.ResetPolicy;
import io.github.consulembedded.samples.spring.caller.GreetingCaller;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.serviceregistry.Registration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The greeting service on Spring Cloud Consul against a real cluster of 3 servers and 2 clients:
 * it registers on a client agent with a passing HTTP check, a second application on the other
 * client finds and calls it by name, configuration comes from KV and follows changes, a closed
 * context's registration stays gone, and everything works again after the leader dies.
 * The tests run in order: they share one running application, as one deployment would.
 */
// tag::readme[]
@EmbeddedConsulCluster(servers = 3, clients = 2, exportProperties = SPRING_CLOUD_CONSUL,
        reset = ResetPolicy.BEFORE_ALL) // the application stays registered from test to test
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        GreetingServiceIT.CHECK_EVERY_SECOND, GreetingServiceIT.ON_LOOPBACK})
@DirtiesContext // deregisters while the cluster still runs
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GreetingServiceIT {
    static final String CHECK_EVERY_SECOND = "spring.cloud.consul.discovery.health-check-interval=1s";
    static final String ON_LOOPBACK = "spring.cloud.consul.discovery.hostname=127.0.0.1";
    static final String MESSAGE_KEY = "config/greeting/greeting.message";

    @Autowired
    Registration registration;
    @LocalServerPort
    int port;

    @BeforeAll
    static void configureInConsul(ConsulCluster cluster) {
        // Runs before Spring starts the application, which reads it at start-up.
        assertThat(ConsulApi.of(cluster.client(0).httpAddress()).kvPut(MESSAGE_KEY, "Hello from Consul")).isEqualTo(200);
    }

    @Test
    @Order(1)
    void registersOnAClientAgentWithAPassingHttpCheck(ConsulCluster cluster) {
        ConsulAgent owner = cluster.client(0); // the agent the exported properties point at
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode instance = ConsulApi.of(owner.httpAddress()).instance("greeting", registration.getInstanceId()).orElseThrow();
            assertThat(instance.path("Node").path("Node").asString()).isEqualTo(owner.node());
            JsonNode check = serviceCheck(instance);
            assertThat(check.path("Status").asString()).isEqualTo("passing");
            assertThat(check.path("Output").asString()).contains("/actuator/health", "200");
        });
        for (ConsulAgent server : cluster.servers()) {
            assertThat(ConsulApi.of(server.httpAddress()).agentHasService(registration.getInstanceId())).isFalse();
        }
    }

    @Test
    @Order(2)
    void readsItsConfigurationFromConsulAtStartUp() {
        assertThat(greetingAt(port)).isEqualTo("Hello from Consul");
    }

    @Test
    @Order(3)
    void followsAConfigurationChangeInConsul(ConsulCluster cluster) {
        assertThat(ConsulApi.of(cluster.client(1).httpAddress()).kvPut(MESSAGE_KEY, "Hello again")).isEqualTo(200);

        // Spring Cloud Consul's config watch sees the change and refreshes the @RefreshScope bean.
        await().atMost(Duration.ofSeconds(10)).until(() -> greetingAt(port), "Hello again"::equals);
    }
    // end::readme[]

    @Test
    @Order(4)
    void anotherApplicationOnTheOtherClientFindsItAndCallsItByName() {
        assertThat(caller.getBean(DiscoveryClient.class).getInstances("greeting"))
                .extracting(ServiceInstance::getInstanceId, ServiceInstance::getHost, ServiceInstance::getPort)
                .contains(tuple(registration.getInstanceId(), "127.0.0.1", port));
        assertThat(callThroughCaller()).isEqualTo("Hello again");
    }

    @Test
    @Order(5)
    void aClosedApplicationLeavesTheCatalogAndStaysGone(ConsulCluster cluster) {
        ConsulApi owner = ConsulApi.of(cluster.client(0).httpAddress());
        String id;
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(GreetingApplication.class)
                .run("--server.port=0", "--" + CHECK_EVERY_SECOND, "--" + ON_LOOPBACK)) {
            id = second.getBean(Registration.class).getInstanceId();
            await().atMost(Duration.ofSeconds(10)).until(() -> owner.instance("greeting", id).isPresent());
        }
        // Closing deregisters through the agent that registered it, its owner: gone from the catalog.
        await().atMost(Duration.ofSeconds(10)).until(() -> owner.instance("greeting", id).isEmpty());

        // Anti-entropy copies the owner's services to the catalog; a reload makes it do so now. A
        // service removed only from the catalog would be back, one deregistered at its owner is not.
        owner.reload();
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> !owner.agentHasService(id) && owner.instance("greeting", id).isEmpty());
        assertThat(owner.instance("greeting", registration.getInstanceId())).as("the running instance").isPresent();
    }

    @Test
    @Order(6)
    void worksAgainWithoutARestartOnceANewLeaderIsElected(ConsulCluster cluster) {
        ConsulAgent oldLeader = cluster.leader();
        cluster.kill(oldLeader);
        cluster.awaitLeaderChange(oldLeader);

        // Until the client agents drop the dead server, their calls may still fail: retry the write.
        ConsulApi consul = ConsulApi.of(cluster.client(1).httpAddress());
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> consul.kvPut(MESSAGE_KEY, "Hello after failover"), status -> status == 200);

        await().atMost(Duration.ofSeconds(20)).until(() -> greetingAt(port), "Hello after failover"::equals);
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(GreetingServiceIT::callThroughCaller, "Hello after failover"::equals);
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static ConfigurableApplicationContext caller;

    @BeforeAll
    static void startCaller(ConsulCluster cluster) {
        caller = GreetingCaller.start(cluster.client(1).httpAddress());
    }

    @AfterAll
    static void stopCaller() {
        if (caller != null) {
            caller.close();
        }
    }

    private static String callThroughCaller() {
        return caller.getBean(RestClient.class).get().uri("/greeting").retrieve().body(String.class);
    }

    private static JsonNode serviceCheck(JsonNode instance) {
        String id = instance.path("Service").path("ID").asString();
        for (JsonNode check : instance.path("Checks")) {
            if (check.path("ServiceID").asString().equals(id)) {
                return check;
            }
        }
        throw new AssertionError("no check of service " + id + " in " + instance);
    }

    /** {@code GET /greeting} on the application, as any HTTP client would call it. */
    static String greetingAt(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/greeting")).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
