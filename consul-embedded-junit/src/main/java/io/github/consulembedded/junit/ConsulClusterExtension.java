package io.github.consulembedded.junit;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.ConsulBinary;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.ConsulTls;
import io.github.consulembedded.Timing;
import io.github.consulembedded.junit.EmbeddedConsulCluster.AclToken;
import io.github.consulembedded.junit.EmbeddedConsulCluster.Datacenter;
import io.github.consulembedded.junit.EmbeddedConsulCluster.Node;
import io.github.consulembedded.junit.EmbeddedConsulCluster.PropertySet;
import io.github.consulembedded.junit.EmbeddedConsulCluster.ResetPolicy;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit 5 extension behind {@link EmbeddedConsulCluster}; register it yourself for
 * configuration in code:
 *
 * <pre>{@code
 * @RegisterExtension
 * static ConsulClusterExtension consul = ConsulClusterExtension.builder()
 *         .servers(3).clients(2)
 *         .configure(cluster -> cluster.extraConfig("{\"log_level\":\"debug\"}"))
 *         .build();
 * }</pre>
 *
 * It starts the cluster before the class's first test, resets it according to the reset policy,
 * injects it by type (and the ACL master token into {@link AclToken} parameters), and attaches every agent's last log lines to the report of a failed test.
 */
public final class ConsulClusterExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver, TestWatcher {

    static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ConsulClusterExtension.class);
    private static final String REPORT_KEY = "consul-embedded";
    private static final String PROGRAMMATIC = "a @RegisterExtension ConsulClusterExtension field";

    // Null when the extension comes from @EmbeddedConsulCluster; then the annotation is read per class.
    private final ClassSettings programmatic;

    /** Used by JUnit for {@link EmbeddedConsulCluster}; the configuration comes from the annotation. */
    ConsulClusterExtension() {
        this(null);
    }

    private ConsulClusterExtension(ClassSettings programmatic) {
        this.programmatic = programmatic;
    }

    /** Configuration in code, for {@code @RegisterExtension static ConsulClusterExtension ... = builder()...build()}. */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void beforeAll(ExtensionContext context) {
        ClassState state = state(context);
        state.beforeAllRan = true;
        MisuseCheck.check(context.getRequiredTestClass(), state.spec);
        if (!state.ownsCluster()) {
            return;
        }
        ManagedCluster cluster = state.cluster(context);
        switch (state.spec.reset()) {
            case BEFORE_ALL -> cluster.resetAndUse(context.getUniqueId(), describe(context));
            case NEVER -> cluster.use(context.getUniqueId(), describe(context));
            case BEFORE_EACH -> { }
            default -> throw new AssertionError(state.spec.reset());
        }
        if (!state.spec.exports().isEmpty()) {
            URI address = cluster.cluster().httpAddress();
            context.getStore(NAMESPACE).put(new ClassKey(ClassEntry.EXPORTS, context.getUniqueId()),
                    ExportedProperties.export(state.spec.exports(), address));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ClassState state = existingState(context);
        if (state != null && state.ownsCluster()) {
            ManagedCluster cluster = state.startedCluster();
            if (cluster != null) {
                cluster.release(context.getUniqueId());
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ClassState state = state(context);
        if (!state.beforeAllRan) {
            throw new ExtensionConfigurationException("ConsulClusterExtension in " + context.getRequiredTestClass().getName()
                    + " must be registered in a static field (@RegisterExtension static ConsulClusterExtension ...), "
                    + "so that it can start the cluster before all tests of the class");
        }
        if (state.spec.reset() == ResetPolicy.BEFORE_EACH) {
            state.cluster(context).resetAndUse(context.getUniqueId(), describe(context));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ClassState state = existingState(context);
        if (state != null && state.spec.reset() == ResetPolicy.BEFORE_EACH) {
            ManagedCluster cluster = state.startedCluster();
            if (cluster != null) {
                cluster.release(context.getUniqueId());
            }
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        ClassState state = existingState(context);
        ManagedCluster cluster = state == null ? null : state.startedCluster();
        if (cluster == null || isMisuse(cause)) {
            return;
        }
        cluster.markFailed();
        String diagnosis = cluster.diagnosis(describe(context));
        context.publishReportEntry(REPORT_KEY, diagnosis);
        System.err.println(diagnosis);
    }

    /** A test that failed on the extension's configuration, not on the cluster, gets no log dump. */
    private static boolean isMisuse(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ExtensionConfigurationException) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- injection

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        Optional<Node> node = parameter.findAnnotation(Node.class);
        if (parameter.isAnnotated(Datacenter.class)
                && (type == ConsulAgent.class || type == ConsulHttp.class || type == URI.class)) {
            return true;
        }
        if (node.isPresent()) {
            if (type == ConsulAgent.class || type == ConsulHttp.class || type == URI.class) {
                return true;
            }
            throw new ExtensionConfigurationException("@EmbeddedConsulCluster.Node(\"" + node.get().value() + "\") on "
                    + describe(parameter) + ": the extension injects a node as ConsulAgent, ConsulHttp or URI, not as "
                    + type.getName());
        }
        if (parameter.isAnnotated(AclToken.class)) {
            if (type == String.class) {
                return true;
            }
            throw new ExtensionConfigurationException("@EmbeddedConsulCluster.AclToken on " + describe(parameter)
                    + ": the extension injects the ACL master token as String, not as " + type.getName());
        }
        return type == ConsulCluster.class || type == ConsulAgent.class || type == ConsulHttp.class || type == URI.class
                || type == ConsulTls.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ClassState state = state(context);
        Class<?> type = parameter.getParameter().getType();
        // Checked before the cluster is asked for, and by the settings: the answer must not depend on what started.
        if (parameter.isAnnotated(AclToken.class)) {
            if (!state.spec.cluster().acl()) {
                throw new ExtensionConfigurationException("@EmbeddedConsulCluster.AclToken on " + describe(parameter)
                        + ": the cluster runs without ACLs; " + state.spec.howToTurnOn("acl"));
            }
            return state.cluster(context).cluster().aclMasterToken().orElseThrow();
        }
        if (type == ConsulTls.class) {
            if (!state.spec.cluster().tls()) {
                throw new ExtensionConfigurationException("ConsulTls for " + describe(parameter)
                        + ": the cluster runs without TLS; " + state.spec.howToTurnOn("tls"));
            }
            return state.cluster(context).cluster().tls().orElseThrow();
        }
        ConsulCluster cluster = state.cluster(context).cluster();
        if (type == ConsulCluster.class) {
            return cluster;
        }
        Optional<Datacenter> datacenter = parameter.findAnnotation(Datacenter.class);
        ConsulAgent agent = parameter.findAnnotation(Node.class).map(n -> agent(cluster, n.value(), parameter))
                .orElseGet(() -> datacenter.map(dc -> cluster.applicationAgent(dc.value())).orElseGet(cluster::applicationAgent));
        if (type == ConsulAgent.class) {
            return agent;
        }
        if (type == ConsulHttp.class) {
            return agent.http();
        }
        return agent.httpAddress();
    }

    private static ConsulAgent agent(ConsulCluster cluster, String node, ParameterContext parameter) {
        for (ConsulAgent agent : cluster.agents()) {
            if (agent.node().equals(node)) {
                return agent;
            }
        }
        throw unknownNode(node, parameter, cluster.agents().stream().map(ConsulAgent::node).toList(), List.of());
    }

    private static ExtensionConfigurationException unknownNode(String node, ParameterContext parameter, List<String> nodes,
            List<String> moreNodes) {
        List<String> all = new ArrayList<>(nodes);
        all.addAll(moreNodes);
        return new ExtensionConfigurationException("@EmbeddedConsulCluster.Node(\"" + node + "\") on " + describe(parameter)
                + " names no agent of the cluster; its nodes are " + all);
    }

    private static String describe(ParameterContext parameter) {
        Executable executable = parameter.getDeclaringExecutable();
        String owner = executable.getDeclaringClass().getName();
        String where = executable instanceof Method m ? owner + "#" + m.getName() : "the constructor of " + owner;
        return "parameter " + parameter.getIndex() + " (" + parameter.getParameter() + ") of " + where;
    }

    private static String describe(ExtensionContext context) {
        return context.getTestMethod().map(m -> context.getRequiredTestClass().getName() + "#" + m.getName())
                .orElseGet(() -> context.getRequiredTestClass().getName());
    }

    // ---------------------------------------------------------------- per-class state

    /**
     * What one test class uses: its configuration and, once started, its cluster. A nested
     * class delegates to the enclosing class's state.
     */
    private static final class ClassState {
        final ClassSettings spec;
        final ClassState enclosing;
        final ExtensionContext classContext;
        // Which registration made this state; a second, different one for the same class is a conflict.
        final ClassSettings registeredBy;
        volatile boolean beforeAllRan;
        private ClusterSlot slot;

        ClassState(ClassSettings spec, ClassState enclosing, ExtensionContext classContext, ClassSettings registeredBy) {
            this.spec = spec;
            this.enclosing = enclosing;
            this.classContext = classContext;
            this.registeredBy = registeredBy;
        }

        boolean ownsCluster() {
            return enclosing == null;
        }

        ManagedCluster cluster(ExtensionContext context) {
            if (enclosing != null) {
                return enclosing.cluster(context);
            }
            ManagedCluster started = slot().started();
            if (started != null) {
                return started;
            }
            ConsulBinary binary = Binaries.resolve(context, spec);
            return slot().get(spec, () -> ManagedCluster.start(spec, binary));
        }

        ManagedCluster startedCluster() {
            if (enclosing != null) {
                return enclosing.startedCluster();
            }
            return slot().started();
        }

        private synchronized ClusterSlot slot() {
            if (slot == null) {
                ExtensionContext owner = spec.shared() ? classContext.getRoot() : classContext;
                slot = owner.getStore(NAMESPACE).getOrComputeIfAbsent(new ClusterSlot.Key(spec.cluster(), spec.shared()),
                        k -> new ClusterSlot(), ClusterSlot.class);
            }
            return slot;
        }
    }

    /** What the extension keeps for one class: its state, or the system properties it exported. */
    private enum ClassEntry { STATE, EXPORTS }

    /**
     * A store key for one class's entry. Equals and hashCode are written out: a record's generated
     * ones bootstrap method handles on first use, milliseconds that a run attaching to a reused
     * cluster pays before its first test.
     */
    private record ClassKey(ClassEntry entry, String classUniqueId) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ClassKey other && entry == other.entry && classUniqueId.equals(other.classUniqueId);
        }

        @Override
        public int hashCode() {
            return 31 * entry.hashCode() + classUniqueId.hashCode();
        }
    }

    private ClassState state(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        ClassState state = classContext.getStore(NAMESPACE).getOrComputeIfAbsent(
                new ClassKey(ClassEntry.STATE, classContext.getUniqueId()),
                k -> newState(classContext), ClassState.class);
        if (state.registeredBy != programmatic) {
            throw conflict(classContext.getRequiredTestClass(), List.of(sourceOf(state.registeredBy), sourceOf(programmatic)));
        }
        return state;
    }

    private static ClassState existingState(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        return classContext.getStore(NAMESPACE).get(new ClassKey(ClassEntry.STATE, classContext.getUniqueId()), ClassState.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() || c.getElement().filter(Class.class::isInstance).isEmpty()) {
            c = c.getParent().orElseThrow(() -> new ExtensionConfigurationException(
                    "ConsulClusterExtension works on test classes; " + context.getDisplayName() + " has none"));
        }
        return c;
    }

    private ClassState newState(ExtensionContext classContext) {
        Class<?> testClass = classContext.getRequiredTestClass();
        ClassState enclosing = classContext.getParent()
                .filter(p -> p.getElement().filter(Class.class::isInstance).isPresent())
                .map(ConsulClusterExtension::existingState)
                .orElse(null);
        Optional<EmbeddedConsulCluster> annotation = AnnotationSupport.findAnnotation(testClass, EmbeddedConsulCluster.class);
        ClassSettings spec;
        if (programmatic != null) {
            if (annotation.isPresent()) {
                throw conflict(testClass, List.of(sourceOf(null), PROGRAMMATIC));
            }
            spec = programmatic;
        } else if (annotation.isPresent()) {
            spec = ClassSettings.of(annotation.get(), testClass);
        } else if (enclosing != null) {
            spec = enclosing.spec;
        } else {
            throw new ExtensionConfigurationException(testClass.getName() + " registers ConsulClusterExtension without "
                    + "@EmbeddedConsulCluster: annotate the class with @EmbeddedConsulCluster(...), or register "
                    + "ConsulClusterExtension.builder()...build() in a static @RegisterExtension field");
        }
        if (spec.conflict().isPresent()) {
            throw new ExtensionConfigurationException(spec.source() + ": configure(...) changed " + spec.conflict().get()
                    + "; set servers, clients, datacenter, domain, timing, encrypt, acl and tls on ConsulClusterExtension.builder()");
        }
        if (spec != enclosingSpec(enclosing)) {
            spec = spec.withBinarySettings(Binaries.settings(classContext, spec));
        }
        if (enclosing != null) {
            if (!spec.sameSettings(enclosing.spec)) {
                throw new ExtensionConfigurationException("@Nested class " + testClass.getName() + " asks for a Consul cluster ("
                        + spec.source() + ") unlike its enclosing class's (" + enclosing.spec.source() + "); a nested class "
                        + "uses the enclosing class's cluster, so remove its annotation or make it the same");
            }
            return new ClassState(enclosing.spec, enclosing, classContext, programmatic);
        }
        return new ClassState(spec, null, classContext, programmatic);
    }

    private static ClassSettings enclosingSpec(ClassState enclosing) {
        return enclosing == null ? null : enclosing.spec;
    }

    private static String sourceOf(ClassSettings registeredBy) {
        return registeredBy == null ? "@EmbeddedConsulCluster" : PROGRAMMATIC;
    }

    private static ExtensionConfigurationException conflict(Class<?> testClass, List<String> sources) {
        List<String> sorted = new ArrayList<>(sources);
        sorted.sort(null);
        return new ExtensionConfigurationException(testClass.getName() + " gets a Consul cluster from both "
                + sorted.get(0) + " and " + sorted.get(1) + "; keep one of them");
    }

    // ---------------------------------------------------------------- builder

    /**
     * Configures a {@link ConsulClusterExtension} in code; the defaults are those of
     * {@link EmbeddedConsulCluster}. Extensions whose clusters have equal specs share one cluster per run.
     */
    public static final class Builder {
        private int servers = ClusterSpec.DEFAULT_SERVERS;
        private int clients = EmbeddedConsulCluster.DEFAULT_CLIENTS;
        private String consulVersion = "";
        private List<String> datacenters = List.of(ClusterSpec.DEFAULT_DATACENTER);
        private String domain = ClusterSpec.DEFAULT_DOMAIN;
        private Timing timing = Timing.FAST;
        private boolean encrypt;
        private boolean acl;
        private boolean tls;
        private ResetPolicy reset = ResetPolicy.BEFORE_EACH;
        private Set<PropertySet> exports = Set.of();
        private boolean shared = true;
        private boolean skipWhenUnavailable;
        private boolean reuse;
        private Consumer<ClusterSpec.Builder> customizer;

        private Builder() {
        }

        /** Number of servers; 3 by default. */
        public Builder servers(int servers) {
            this.servers = servers;
            return this;
        }

        /** Number of client agents; 1 by default. */
        public Builder clients(int clients) {
            this.clients = clients;
            return this;
        }

        /** The Consul version to run, like {@code 1.4.2}; empty for the library's default. */
        public Builder consulVersion(String consulVersion) {
            this.consulVersion = Objects.requireNonNull(consulVersion, "consulVersion").trim();
            return this;
        }

        /** The datacenter name of every agent; {@code dc1} by default. */
        public Builder datacenter(String datacenter) {
            this.datacenters = List.of(Objects.requireNonNull(datacenter, "datacenter"));
            return this;
        }

        /** Several datacenters federated over WAN, the first the primary; see {@link EmbeddedConsulCluster#datacenters()}. */
        public Builder datacenters(String... datacenters) {
            this.datacenters = List.of(datacenters);
            return this;
        }

        /** The DNS domain; {@code cluster.local} by default. */
        public Builder domain(String domain) {
            this.domain = Objects.requireNonNull(domain, "domain");
            return this;
        }

        /** Raft and gossip timing; {@link Timing#FAST} by default. */
        public Builder timing(Timing timing) {
            this.timing = Objects.requireNonNull(timing, "timing");
            return this;
        }

        /** Encrypts gossip with a generated key on every agent; off by default. */
        public Builder encrypt() {
            this.encrypt = true;
            return this;
        }

        /**
         * Turns ACLs on (default deny) with a generated master token, which injected
         * {@code ConsulHttp}s carry and {@link AclToken} parameters receive; off by default.
         */
        public Builder acl() {
            this.acl = true;
            return this;
        }

        /** Turns TLS on: HTTPS with a generated CA, injectable as {@code ConsulTls}; off by default. */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /** When the cluster is emptied for isolation; {@link ResetPolicy#BEFORE_EACH} by default. */
        public Builder reset(ResetPolicy reset) {
            this.reset = Objects.requireNonNull(reset, "reset");
            return this;
        }

        /** System properties to set to the application agent's address while the class runs. */
        public Builder exportProperties(PropertySet... sets) {
            this.exports = ClassSettings.toSet(sets);
            return this;
        }

        /** {@code false} gives each class its own cluster, closed after its last test. */
        public Builder shared(boolean shared) {
            this.shared = shared;
            return this;
        }

        /** Abort (skip) instead of failing when no Consul binary can be had. */
        public Builder skipWhenUnavailable(boolean skip) {
            this.skipWhenUnavailable = skip;
            return this;
        }

        /** Reuses the cluster across runs, as {@link EmbeddedConsulCluster#reuse()} does; off by default. */
        public Builder reuse(boolean reuse) {
            this.reuse = reuse;
            return this;
        }

        /**
         * Further settings on the core's {@link ClusterSpec.Builder} (extra config, timeouts,
         * listeners), applied after the ones above, which it must not change (it may pass
         * {@code encrypt(key)} or {@code acl(token)} when that switch is on here). The spec it
         * results in decides which classes share a cluster.
         */
        public Builder configure(Consumer<ClusterSpec.Builder> customizer) {
            this.customizer = Objects.requireNonNull(customizer, "customizer");
            return this;
        }

        /**
         * Validates the settings and returns the extension.
         *
         * @throws ExtensionConfigurationException naming the setting and its value
         */
        public ConsulClusterExtension build() {
            ClassSettings.Values values = new ClassSettings.Values(servers, clients, consulVersion, datacenters, domain, timing,
                    encrypt, acl, tls);
            ClusterSpec own = values.spec("ConsulClusterExtension.builder().%s(%s)", true);
            ClusterSpec spec = own;
            Optional<String> conflict = Optional.empty();
            if (customizer != null) {
                ClusterSpec.Builder b = values.builder();
                customizer.accept(b);
                try {
                    spec = b.build();
                } catch (IllegalArgumentException e) {
                    throw new ExtensionConfigurationException("ConsulClusterExtension.builder().configure(...): " + e.getMessage(), e);
                }
                conflict = changed(own, spec);
            }
            if (reuse) {
                spec = spec.newBuilder().reuse(true).build();
            }
            String source = "ConsulClusterExtension.builder() (" + servers + " servers, " + clients + " clients)";
            return new ConsulClusterExtension(new ClassSettings(spec, consulVersion, reset, exports, shared, skipWhenUnavailable,
                    customizer, conflict, source));
        }

        /** What configure(...) changed of the settings this builder owns, for the message; empty if nothing. */
        private static Optional<String> changed(ClusterSpec own, ClusterSpec configured) {
            List<String> changes = new ArrayList<>();
            compare(changes, "servers", own.servers(), configured.servers());
            compare(changes, "clients", own.clients(), configured.clients());
            compare(changes, "datacenter", own.datacenters(), configured.datacenters());
            compare(changes, "domain", own.domain(), configured.domain());
            compare(changes, "timing", own.timing(), configured.timing());
            compare(changes, "encrypt", own.encrypt(), configured.encrypt());
            compare(changes, "acl", own.acl(), configured.acl());
            compare(changes, "tls", own.tls(), configured.tls());
            return changes.stream().findFirst();
        }

        private static void compare(List<String> changes, String what, Object own, Object configured) {
            if (!own.equals(configured)) {
                changes.add(what + " to " + configured + ", but the extension says " + own);
            }
        }
    }
}
