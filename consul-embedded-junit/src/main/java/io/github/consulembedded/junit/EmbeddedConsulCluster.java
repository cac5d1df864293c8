package io.github.consulembedded.junit;

import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.Timing;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Gives the annotated test class a real Consul cluster: {@code servers} servers and
 * {@code clients} client agents, started before the class's first test and injected by type
 * ({@code ConsulCluster}, {@code ConsulAgent}, {@code ConsulHttp}, {@code URI}, and with
 * {@link #tls()} {@code ConsulTls}) into constructors, lifecycle methods and tests; with
 * {@link #acl()}, a {@code String} parameter annotated {@link AclToken} gets the ACL master token.
 * Classes with the same configuration share one cluster per JVM run, which JUnit closes at the
 * end of the run.
 *
 * <pre>{@code
 * @EmbeddedConsulCluster(servers = 3, clients = 2)
 * class CatalogTest {
 *     @Test
 *     void storesKeys(ConsulCluster cluster) {
 *         cluster.http().kvPut("greeting", "hello");
 *     }
 * }
 * }</pre>
 *
 * <p>Under JUnit's parallel execution, classes sharing a cluster never run at the same time
 * unless {@link #reset()} is {@link ResetPolicy#NEVER}: the annotation carries a resource lock
 * named after the cluster's configuration.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ConsulClusterExtension.class)
@ResourceLock(providers = ClusterLocks.class)
public @interface EmbeddedConsulCluster {

    /**
     * Client agents by default in tests: one, unlike the core's none, because applications talk
     * to a local client agent and services are registered on clients, never on servers.
     */
    int DEFAULT_CLIENTS = 1;

    /** Number of servers, each with {@code -bootstrap-expect} of this number; at least 1. */
    int servers() default ClusterSpec.DEFAULT_SERVERS;

    /** Number of client agents; {@link #DEFAULT_CLIENTS} by default. */
    int clients() default DEFAULT_CLIENTS;

    /** The Consul version to run, like {@code 1.4.2}; empty for the library's default (or {@code consul.embedded.version}). */
    String consulVersion() default "";

    /** The datacenter name of every agent. */
    String datacenter() default ClusterSpec.DEFAULT_DATACENTER;

    /**
     * Several datacenters, federated over WAN, each with {@link #servers()} servers and
     * {@link #clients()} clients; the first is the primary. Empty (the default) for the one
     * {@link #datacenter()}. Inject a datacenter's agent with {@link Datacenter}.
     */
    String[] datacenters() default {};

    /** The DNS domain the agents answer for, so services resolve as {@code <name>.service.<domain>}. */
    String domain() default ClusterSpec.DEFAULT_DOMAIN;

    /** Raft timing; {@link Timing#FAST} elects a leader several times faster on one machine. */
    Timing timing() default Timing.FAST;

    /** Encrypts gossip with a generated key on every agent, clients included. */
    boolean encrypt() default false;

    /**
     * Turns ACLs on (default deny) with a generated master token. Injected {@code ConsulHttp}s and
     * the cluster use it; plain HTTP calls need it from an {@link AclToken} parameter.
     */
    boolean acl() default false;

    /**
     * Turns TLS on: a generated CA and a certificate per agent, HTTPS instead of HTTP (the
     * injected {@code URI} is {@code https://...}). Inject {@code ConsulTls} to trust the CA.
     */
    boolean tls() default false;

    /**
     * When the extension makes the cluster as good as new (KV, sessions, services and checks,
     * catalog entries, prepared queries, intentions, ACL tokens and policies tests created).
     */
    ResetPolicy reset() default ResetPolicy.BEFORE_EACH;

    /**
     * System properties to set to the application agent's address for the code under test,
     * from before all tests of the class until after them; previous values are restored.
     */
    PropertySet[] exportProperties() default {};

    /** {@code false} gives this class a cluster of its own, closed after its last test. */
    boolean shared() default true;

    /**
     * When no Consul binary can be had (offline, nothing cached, no {@code CONSUL_BINARY}),
     * abort the class (reported as skipped) instead of failing it. The system property or
     * configuration parameter {@code consul.embedded.skip-when-unavailable=true}, or the
     * environment variable {@code CONSUL_EMBEDDED_SKIP_WHEN_UNAVAILABLE=true}, opts in for every class.
     */
    boolean skipWhenUnavailable() default false;

    /**
     * Reuses the cluster across runs: the first run leaves it running under a keeper process, and
     * the next run with an equal cluster attaches to it and resets it instead of starting one. The
     * system property {@code consul.embedded.reuse=true} or the environment variable
     * {@code CONSUL_EMBEDDED_REUSE=true} opts in for every class. Off where {@code CI=true}
     * unless {@code consul.embedded.reuse=force}. See "Reusing a cluster across runs" in the README.
     */
    boolean reuse() default false;

    /** When the extension resets the cluster. */
    enum ResetPolicy {
        /** Before each test: every test starts with an empty KV store and no services. */
        BEFORE_EACH,
        /** Once before the class's first test: tests of the class see each other's data. */
        BEFORE_ALL,
        /** Never: tests see what earlier tests and classes left. Classes may then use a shared cluster concurrently. */
        NEVER
    }

    /** Groups of system properties that {@link #exportProperties()} can set. */
    enum PropertySet {
        /**
         * {@code consul.embedded.http-address} = {@code http://127.0.0.1:<port>}, or {@code https://...}
         * with {@link EmbeddedConsulCluster#tls()}.
         */
        CONSUL_EMBEDDED,
        /** {@code spring.cloud.consul.host} and {@code spring.cloud.consul.port}, for Spring Cloud Consul. */
        SPRING_CLOUD_CONSUL
    }

    /**
     * Picks the agent to inject by node name, for example {@code consul-client-2}, into a
     * {@code ConsulAgent}, {@code ConsulHttp} or {@code URI} parameter; without it the
     * application agent (the first client, else the first server) is injected.
     */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface Node {
        /** The node name: {@code consul-server-<n>} or {@code consul-client-<n>}, counted from 1. */
        String value();
    }

    /**
     * Picks the datacenter whose application agent (its first client, else its first server) is
     * injected into a {@code ConsulAgent}, {@code ConsulHttp} or {@code URI} parameter, for a
     * cluster with {@link EmbeddedConsulCluster#datacenters()}.
     */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface Datacenter {
        /** The datacenter name, one of {@link EmbeddedConsulCluster#datacenters()}. */
        String value();
    }

    /**
     * Injects the cluster's ACL master token into a {@code String} parameter; the class's
     * cluster must have {@link #acl()} on.
     */
    @Target(ElementType.PARAMETER)
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface AclToken {
    }
}
