package io.github.consulembedded.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.github.consulembedded.AgentRole;
import io.github.consulembedded.BinaryUnavailableException;
import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulHttp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;

/**
 * The extension as JUnit runs it: fixture classes on the Jupiter engine through the engine
 * test kit, on a real Consul binary. Most fixtures use a one-server dev-mode cluster, which
 * starts in a fraction of a second.
 */
class ConsulClusterExtensionIT {

    @BeforeEach
    void clearRecords() {
        SharingFixtures.CLUSTERS.clear();
        InjectionFixtures.SEEN.clear();
        SecurityFixtures.SEEN.clear();
        FederationFixtures.SEEN.clear();
        FailureFixtures.DATA_ROOT.set(null);
        FailureFixtures.CLIENT.set(null);
        ParallelFixtures.reset();
    }

    @AfterEach
    void removeKeptDataDirs() {
        Path kept = FailureFixtures.DATA_ROOT.get();
        if (kept != null) {
            ManagedCluster.deleteQuietly(kept);
        }
    }

    @Test
    void twentyClassesWithTheSameConfigurationStartOneClusterAndJUnitClosesIt() {
        EngineExecutionResults results = TestKit.run(SharingFixtures.SAME);

        results.containerEvents().assertStatistics(s -> s.started(21).succeeded(21).failed(0).aborted(0));
        results.testEvents().assertStatistics(s -> s.started(20).succeeded(20).failed(0).aborted(0));
        assertThat(SharingFixtures.CLUSTERS).as("clusters started").hasSize(1);
        assertThat(SharingFixtures.CLUSTERS.iterator().next().isClosed()).as("closed at the end of the run").isTrue();
    }

    @Test
    void aDifferentConfigurationGetsItsOwnCluster() {
        EngineExecutionResults results = TestKit.run(SharingFixtures.Same01.class, SharingFixtures.OtherDatacenter.class,
                SharingFixtures.Same02.class);

        results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
        assertThat(SharingFixtures.CLUSTERS).as("clusters started").hasSize(2);
        assertThat(SharingFixtures.CLUSTERS).extracting(ConsulCluster::datacenter).containsExactlyInAnyOrder("dc1", "dc2");
    }

    @Test
    void resetsBeforeEachTestBeforeAllTestsOrNever() {
        EngineExecutionResults results = TestKit.run(
                Map.of("junit.jupiter.testclass.order.default", "org.junit.jupiter.api.ClassOrderer$OrderAnnotation"),
                ResetFixtures.BeforeEachByDefault.class, ResetFixtures.Never.class, ResetFixtures.BeforeAll.class);

        results.testEvents().assertStatistics(s -> s.started(6).succeeded(6).failed(0));
    }

    @Test
    void injectsTheClusterItsAgentsAndAddressesAndExportsThenRestoresProperties() {
        System.setProperty(ExportedProperties.HTTP_ADDRESS, "http://previous:1");
        System.clearProperty(ExportedProperties.SPRING_HOST);
        System.clearProperty(ExportedProperties.SPRING_PORT);
        try {
            EngineExecutionResults results = TestKit.run(InjectionFixtures.ThreeServersTwoClients.class);

            results.testEvents().assertStatistics(s -> s.started(2).succeeded(2).failed(0));
            Map<String, Object> seen = InjectionFixtures.SEEN;
            ConsulCluster cluster = (ConsulCluster) seen.get("constructor");
            assertThat(cluster.servers()).hasSize(3);
            assertThat(cluster.clients()).hasSize(2);
            assertThat(seen.get("test cluster")).isSameAs(cluster);
            assertThat(seen.get("nested cluster")).as("a nested class uses the enclosing cluster").isSameAs(cluster);
            ConsulAgent agent = (ConsulAgent) seen.get("test agent");
            assertThat(agent.node()).isEqualTo("consul-client-1");
            assertThat(agent.role()).isEqualTo(AgentRole.CLIENT);
            URI address = agent.httpAddress();
            assertThat(seen.get("beforeAll")).isEqualTo(address);
            assertThat(((ConsulHttp) seen.get("beforeEach")).address()).isEqualTo(address);
            assertThat(seen.get("test consul-client-2")).isEqualTo(cluster.client(1).httpAddress());
            assertThat(seen.get("test consul-server-3")).isSameAs(cluster.server(2));

            assertThat(seen.get("property consul.embedded.http-address")).isEqualTo("http://127.0.0.1:" + address.getPort());
            assertThat(seen.get("property spring.cloud.consul.host")).isEqualTo("127.0.0.1");
            assertThat(seen.get("property spring.cloud.consul.port")).isEqualTo(Integer.toString(address.getPort()));
            assertThat(System.getProperty(ExportedProperties.HTTP_ADDRESS)).as("restored").isEqualTo("http://previous:1");
            assertThat(System.getProperty(ExportedProperties.SPRING_HOST)).as("removed again").isNull();
            assertThat(System.getProperty(ExportedProperties.SPRING_PORT)).as("removed again").isNull();

            assertThat(cluster.isClosed()).isTrue();
            @SuppressWarnings("unchecked")
            List<Path> dataDirs = (List<Path>) seen.get("dataDirs");
            assertThat(dataDirs).as("data dirs of the cluster").isNotEmpty()
                    .allSatisfy(dir -> assertThat(dir).as("data dirs of a run without failures are removed").doesNotExist());
        } finally {
            System.clearProperty(ExportedProperties.HTTP_ADDRESS);
        }
    }

    @Test
    void federatesDatacentersAndInjectsAGivenDatacentersAgent() {
        EngineExecutionResults results = TestKit.run(FederationFixtures.TwoDatacenters.class);

        results.testEvents().assertStatistics(s -> s.started(1).succeeded(1));
        Map<String, Object> seen = FederationFixtures.SEEN;
        assertThat(seen.get("datacenters")).isEqualTo(List.of("east", "west"));
        assertThat(seen.get("default agent")).isEqualTo("consul-client-1@east");
        assertThat(seen.get("west agent")).isEqualTo("consul-client-1-west@west");
        assertThat(seen.get("east sees its own")).isEqualTo(false);
        assertThat(seen.get("east reads west")).isEqualTo(true);
    }

    @Test
    void rejectsAnUnknownDatacenterBeforeAnythingStarts() {
        EngineExecutionResults results = TestKit.run(FederationFixtures.UnknownDatacenter.class);

        assertThat(classFailure(results, FederationFixtures.UnknownDatacenter.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@EmbeddedConsulCluster.Datacenter(\"north\") on parameter 0 (io.github.consulembedded.ConsulAgent "
                        + "arg0) of " + FederationFixtures.UnknownDatacenter.class.getName() + "#test names no datacenter of "
                        + "the cluster; its datacenters are [east, west]");
    }

    @Test
    void aFailingTestReportsEveryAgentsLastLogLinesAndKeepsTheDataDirs() {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        EngineExecutionResults results;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            results = TestKit.run(FailureFixtures.FailingTest.class);
        } finally {
            System.setErr(stderr);
        }

        results.testEvents().assertStatistics(s -> s.started(1).failed(1));
        List<String> reports = results.allEvents().reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get("consul-embedded")).toList();
        assertThat(reports).hasSize(1);
        String report = reports.get(0);
        java.util.regex.Matcher kept = java.util.regex.Pattern.compile("data dirs are kept after the run in (\\S+)").matcher(report);
        assertThat(kept.find()).as("the report names where the data dirs are kept: %s", report).isTrue();
        Path dataRoot = Path.of(kept.group(1));
        FailureFixtures.DATA_ROOT.set(dataRoot);
        assertThat(report).startsWith("Consul cluster of failed test " + FailureFixtures.FailingTest.class.getName() + "#fails")
                .contains("data dirs are kept after the run in " + dataRoot)
                .contains("--- consul-server-1 (server, pid ", "data dir " + dataRoot.resolve("consul-server-1"))
                .contains("--- consul-client-1 (client, pid ", "data dir " + dataRoot.resolve("consul-client-1"));
        List<String> clientLines = report.substring(report.indexOf("--- consul-client-1")).lines().skip(1).toList();
        // Its own lines, whatever they say: the node name may have scrolled out when a join was retried.
        List<String> clientLog = FailureFixtures.CLIENT.get().recentLog(Integer.MAX_VALUE);
        assertThat(clientLines).isNotEmpty().hasSizeLessThanOrEqualTo(30).allMatch(l -> l.startsWith("    "))
                .allMatch(l -> clientLog.contains(l.substring(4)), "a line of consul-client-1's log");
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains(report)
                .contains("its data dirs are kept in " + dataRoot);
        assertThat(dataRoot.resolve("consul-server-1")).isDirectory();
        assertThat(dataRoot.resolve("consul-client-1")).isDirectory();
    }

    @Test
    void failsClearlyWithoutABinary() {
        // Explicitly not opted in, whatever the environment says (CI opts in when it has no Consul).
        EngineExecutionResults results = TestKit.run(Map.of("consul.embedded.binary", "/nonexistent/consul",
                "consul.embedded.skip-when-unavailable", "false"), FailureFixtures.NeedsBinary.class);

        results.containerEvents().assertThatEvents().haveExactly(1, event(container(FailureFixtures.NeedsBinary.class),
                finishedWithFailure(instanceOf(BinaryUnavailableException.class), message(
                        "No Consul binary for @EmbeddedConsulCluster on " + FailureFixtures.NeedsBinary.class.getName()
                        + ": The consul binary /nonexistent/consul (from system property consul.embedded.binary) does not "
                        + "exist; point consul.embedded.binary / CONSUL_BINARY at a consul executable, or unset it to download "
                        + "one. To skip such classes instead of failing them, set skipWhenUnavailable = true, the system "
                        + "property consul.embedded.skip-when-unavailable=true or the environment variable "
                        + "CONSUL_EMBEDDED_SKIP_WHEN_UNAVAILABLE=true"))));
        results.testEvents().assertStatistics(s -> s.started(0));
    }

    @Test
    void skipsClassesWithoutABinaryWhenTheyOrTheRunOptIn() {
        EngineExecutionResults byAnnotation = TestKit.run(Map.of("consul.embedded.binary", "/nonexistent/consul"),
                FailureFixtures.SkipsWithoutBinary.class);
        EngineExecutionResults byParameter = TestKit.run(Map.of("consul.embedded.binary", "/nonexistent/consul",
                "consul.embedded.skip-when-unavailable", "true"), FailureFixtures.NeedsBinary.class);

        for (EngineExecutionResults results : List.of(byAnnotation, byParameter)) {
            results.containerEvents().assertStatistics(s -> s.aborted(1).failed(0));
            results.testEvents().assertStatistics(s -> s.started(0));
            Event aborted = results.containerEvents().aborted().list().get(0);
            assertThat(aborted.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                    .getThrowable().orElseThrow().getMessage()).startsWith("No Consul binary, so @EmbeddedConsulCluster on ")
                    .contains("is skipped (skipWhenUnavailable): The consul binary /nonexistent/consul");
        }
    }

    @Test
    void rejectsInvalidAnnotationValuesNamingElementAndValue() {
        assertClassFails(MisuseFixtures.NoServers.class,
                "@EmbeddedConsulCluster(servers = 0) on %s: servers must be >= 1, was 0");
        assertClassFails(MisuseFixtures.NegativeClients.class,
                "@EmbeddedConsulCluster(clients = -1) on %s: clients must be >= 0, was -1");
        assertClassFails(MisuseFixtures.TooOldVersion.class,
                "@EmbeddedConsulCluster(consulVersion = \"0.9.3\") on %s: version must be a Consul 1.x release >= 1.4.0, "
                + "was '0.9.3'");
        assertClassFails(MisuseFixtures.BadDomain.class,
                "@EmbeddedConsulCluster(domain = \"no spaces allowed\") on %s: domain must be a DNS domain such as "
                + "cluster.local, was 'no spaces allowed'");
    }

    @Test
    void rejectsConflictingRegistrations() {
        assertClassFails(MisuseFixtures.AnnotationAndField.class, "%s gets a Consul cluster from both "
                + "@EmbeddedConsulCluster and a @RegisterExtension ConsulClusterExtension field; keep one of them");
        assertClassFails(MisuseFixtures.ExtendWithoutAnnotation.class, "%s registers ConsulClusterExtension without "
                + "@EmbeddedConsulCluster: annotate the class with @EmbeddedConsulCluster(...), or register "
                + "ConsulClusterExtension.builder()...build() in a static @RegisterExtension field");

        EngineExecutionResults nested = TestKit.run(MisuseFixtures.NestedDiffers.class);
        String inner = MisuseFixtures.NestedDiffers.Inner.class.getName();
        nested.containerEvents().assertThatEvents().haveExactly(1, event(container("nested-class:Inner"),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message("@Nested class " + inner
                        + " asks for a Consul cluster (@EmbeddedConsulCluster on " + inner + ") unlike its enclosing class's "
                        + "(@EmbeddedConsulCluster on " + MisuseFixtures.NestedDiffers.class.getName() + "); a nested class "
                        + "uses the enclosing class's cluster, so remove its annotation or make it the same"))));
    }

    @Test
    void rejectsAnInstanceFieldRegistration() {
        EngineExecutionResults results = TestKit.run(MisuseFixtures.InstanceField.class);

        results.testEvents().assertThatEvents().haveExactly(1, event(test("test"),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class), message("ConsulClusterExtension in "
                        + MisuseFixtures.InstanceField.class.getName() + " must be registered in a static field "
                        + "(@RegisterExtension static ConsulClusterExtension ...), so that it can start the cluster before "
                        + "all tests of the class"))));
    }

    @Test
    void rejectsAConfigureCallbackThatChangesTheTopology() throws IOException {
        Set<Path> dataRootsBefore = extensionDataRoots();

        assertClassFails(MisuseFixtures.ConfigureChangesServers.class, "ConsulClusterExtension.builder() (3 servers, 0 "
                + "clients): configure(...) changed servers to 2, but the extension says 3; set servers, clients, "
                + "datacenter, domain, timing, encrypt, acl and tls on ConsulClusterExtension.builder()");
        assertThat(extensionDataRoots()).as("data folders left behind").isEqualTo(dataRootsBefore);
    }

    @Test
    void rejectsAConfigureCallbackThatTurnsOnASecuritySwitch() {
        assertClassFails(MisuseFixtures.ConfigureTurnsOnEncrypt.class, "ConsulClusterExtension.builder() (1 servers, 0 "
                + "clients): configure(...) changed encrypt to true, but the extension says false; set servers, clients, "
                + "datacenter, domain, timing, encrypt, acl and tls on ConsulClusterExtension.builder()");
    }

    @Test
    void securedClusterDeniesAnonymousWritesServesHttpsEncryptsGossipAndStillResets() {
        EngineExecutionResults results = TestKit.run(SecurityFixtures.EncryptAclTls.class);

        assertThat(results.testEvents().failed().list()).as("failed fixture tests").isEmpty();
        results.testEvents().assertStatistics(s -> s.started(3).succeeded(3).failed(0));
        Map<String, Object> seen = SecurityFixtures.SEEN;
        URI uri = (URI) seen.get("uri");
        assertThat(seen.get("property " + ExportedProperties.HTTP_ADDRESS)).isEqualTo("https://127.0.0.1:" + uri.getPort());
        assertThat((String) seen.get("token")).isNotBlank().isEqualTo(seen.get("beforeAll token"));
        assertThat((Path) seen.get("beforeAll caFile")).as("the CA lives in the cluster's data folder, removed after the run")
                .doesNotExist();
    }

    @Test
    void rejectsSecurityParametersOfAClusterWithoutThatSwitchNamingTheParameter() {
        String tls = MisuseFixtures.TlsMaterialWithoutTls.class.getName();
        String acl = MisuseFixtures.AclTokenWithoutAcl.class.getName();
        String aclInCode = MisuseFixtures.AclTokenWithoutAclInCode.class.getName();

        assertThat(classFailure(TestKit.run(MisuseFixtures.TlsMaterialWithoutTls.class), MisuseFixtures.TlsMaterialWithoutTls.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("ConsulTls for parameter 0 (io.github.consulembedded.ConsulTls arg0) of " + tls + "#test: the "
                        + "cluster runs without TLS; set tls = true in @EmbeddedConsulCluster on " + tls);
        assertThat(classFailure(TestKit.run(MisuseFixtures.AclTokenWithoutAcl.class), MisuseFixtures.AclTokenWithoutAcl.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@EmbeddedConsulCluster.AclToken on parameter 0 (java.lang.String arg0) of " + acl + "#test: "
                        + "the cluster runs without ACLs; set acl = true in @EmbeddedConsulCluster on " + acl);
        assertThat(classFailure(TestKit.run(MisuseFixtures.AclTokenWithoutAclInCode.class), MisuseFixtures.AclTokenWithoutAclInCode.class))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@EmbeddedConsulCluster.AclToken on parameter 0 (java.lang.String arg0) of " + aclInCode
                        + "#test: the cluster runs without ACLs; call acl() on ConsulClusterExtension.builder()");
    }

    private static Set<Path> extensionDataRoots() throws IOException {
        try (Stream<Path> tmp = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return tmp.filter(p -> p.getFileName().toString().startsWith("consul-embedded-junit-")).collect(Collectors.toSet());
        }
    }

    @Test
    void rejectsParametersItCannotProvideNamingTheParameterAndType() throws Exception {
        EngineExecutionResults string = TestKit.run(MisuseFixtures.NodeOnAString.class);
        EngineExecutionResults unknown = TestKit.run(MisuseFixtures.UnknownNode.class);
        EngineExecutionResults tokenAsInt = TestKit.run(MisuseFixtures.AclTokenOnAnInt.class);

        assertThat(classFailure(string, MisuseFixtures.NodeOnAString.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@EmbeddedConsulCluster.Node(\"consul-server-1\") on parameter 0 (java.lang.String arg0) of "
                        + MisuseFixtures.NodeOnAString.class.getName() + "#test: the extension injects a node as ConsulAgent, "
                        + "ConsulHttp or URI, not as java.lang.String");
        assertThat(classFailure(unknown, MisuseFixtures.UnknownNode.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@EmbeddedConsulCluster.Node(\"consul-client-9\") on parameter 0 (io.github.consulembedded."
                        + "ConsulAgent arg0) of " + MisuseFixtures.UnknownNode.class.getName() + "#test names no agent of the "
                        + "cluster; its nodes are [consul-server-1]");
        assertThat(classFailure(tokenAsInt, MisuseFixtures.AclTokenOnAnInt.class)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@EmbeddedConsulCluster.AclToken on parameter 0 (int arg0) of "
                        + MisuseFixtures.AclTokenOnAnInt.class.getName() + "#test: the extension injects the ACL master "
                        + "token as String, not as int");
    }

    @Test
    void classesSharingAClusterNeverRunConcurrentlyUnlessTheyNeverReset() {
        EngineExecutionResults resetting = TestKit.run(TestKit.parallel(),
                ParallelFixtures.ResetsA.class, ParallelFixtures.ResetsB.class);
        int maxWhileResetting = ParallelFixtures.MAX_ACTIVE.get();
        ParallelFixtures.reset();
        EngineExecutionResults neverResetting = TestKit.run(TestKit.parallel(),
                ParallelFixtures.NeverA.class, ParallelFixtures.NeverB.class);
        int starts = ParallelFixtures.CLUSTERS.size();

        resetting.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        neverResetting.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
        assertThat(maxWhileResetting).as("tests using the cluster at once with reset BEFORE_EACH").isEqualTo(1);
        assertThat(ParallelFixtures.MAX_ACTIVE.get()).as("tests using the cluster at once with reset NEVER").isEqualTo(2);
        assertThat(starts).as("classes asking for it at the same time start it once").isEqualTo(1);
    }

    @Test
    void refusesToResetAClusterAnotherTestIsUsing() {
        EngineExecutionResults results = TestKit.run(TestKit.parallel(), ParallelFixtures.ProgrammaticWithoutLock.class);

        results.testEvents().assertStatistics(s -> s.started(2).succeeded(1).failed(1));
        Throwable refused = testFailure(results);
        assertThat(refused).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageMatching("Cannot reset the shared Consul cluster \\(1 server\\(s\\), 0 client\\(s\\), consul default, "
                        + "dc dc1, domain cluster.local, timing FAST\\) before .*ProgrammaticWithoutLock#(one|two): .*"
                        + "ProgrammaticWithoutLock#(one|two) is using it at the same time\\. Classes that share a cluster must "
                        + "not run concurrently unless reset = NEVER; with @RegisterExtension, put the same @ResourceLock on "
                        + "every class that shares the cluster, or use @EmbeddedConsulCluster, which does that for you");
    }

    private static void assertClassFails(Class<?> fixture, String messageFormat) {
        EngineExecutionResults results = TestKit.run(fixture);
        results.containerEvents().assertThatEvents().haveExactly(1, event(container(fixture),
                finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                        message(String.format(messageFormat, fixture.getName())))));
        results.testEvents().assertStatistics(s -> s.started(0));
    }

    /** The failure of the fixture class itself (misuse found before anything started), after checking nothing ran. */
    private static Throwable classFailure(EngineExecutionResults results, Class<?> fixture) {
        results.testEvents().assertStatistics(s -> s.started(0));
        assertThat(results.allEvents().reportingEntryPublished().count()).as("log dumps of agents").isZero();
        List<Event> failed = results.containerEvents().failed().list().stream()
                .filter(e -> e.getTestDescriptor().getSource()
                        .filter(source -> source instanceof org.junit.platform.engine.support.descriptor.ClassSource c
                                && c.getJavaClass() == fixture).isPresent()).toList();
        assertThat(failed).hasSize(1);
        return failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
    }

    private static Throwable testFailure(EngineExecutionResults results) {
        List<Event> failed = results.testEvents().failed().list();
        assertThat(failed).hasSize(1);
        return failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
    }
}
