package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** ClusterSpec's written-out equals and hashCode agree with a record's: every component counts. */
class ClusterSpecEqualityTest {
    private static ClusterSpec.Builder base() {
        return ClusterSpec.builder().servers(3).clients(1);
    }

    @Test
    void equalSpecsAreEqualWithEqualHashCodes() {
        ClusterSpec a = base().extraConfig("{\"log_level\":\"DEBUG\"}").acl("token").build();
        ClusterSpec b = base().extraConfig("{ \"log_level\" : \"DEBUG\" }").acl("token").build();

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isEqualTo(a).isNotEqualTo(null).isNotEqualTo("a spec");
    }

    @Test
    void aChangeToAnyComponentMakesAnotherSpec() {
        Map<String, UnaryOperator<ClusterSpec.Builder>> changes = new LinkedHashMap<>();
        changes.put("servers", b -> b.servers(5));
        changes.put("clients", b -> b.clients(2));
        changes.put("datacenter", b -> b.datacenter("dc9"));
        changes.put("datacenters", b -> b.datacenters("dc1", "dc2"));
        changes.put("domain", b -> b.domain("other.local"));
        changes.put("recursors", b -> b.recursors("8.8.8.8"));
        changes.put("ui", b -> b.ui(false));
        changes.put("timing", b -> b.timing(Timing.PRODUCTION));
        changes.put("supervise", b -> b.supervise(false));
        changes.put("devModeForSingleServer", b -> b.devModeForSingleServer(false));
        changes.put("dataRoot", b -> b.dataRoot(Path.of("/tmp/consul-embedded-equality")));
        changes.put("binarySettings", b -> b.binarySettings(BinarySettings.builder().version("1.8.7").build()));
        changes.put("readyTimeout", b -> b.readyTimeout(Duration.ofSeconds(77)));
        changes.put("extraConfig", b -> b.extraConfig("{\"log_level\":\"TRACE\"}"));
        changes.put("extraConfigByNode", b -> b.extraConfig("consul-server-1", "{\"log_level\":\"TRACE\"}"));
        changes.put("encrypt", ClusterSpec.Builder::encrypt);
        changes.put("gossipKey", b -> b.encrypt("pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s="));
        changes.put("acl", ClusterSpec.Builder::acl);
        changes.put("aclMasterToken", b -> b.acl("another-token"));
        changes.put("tls", ClusterSpec.Builder::tls);
        changes.put("bindAll", ClusterSpec.Builder::bindAll);
        changes.put("reuse", b -> b.reuse(true));
        ClusterSpec plain = base().build();

        changes.forEach((component, change) -> {
            ClusterSpec changed = change.apply(base()).build();
            assertThat(changed).as(component).isNotEqualTo(plain);
            assertThat(plain).as(component).isNotEqualTo(changed);
        });
        // The components the builder cannot change alone (binary, httpWithTls) are covered because
        // equality reads every record component; this guards the count.
        assertThat(ClusterSpec.class.getRecordComponents()).hasSize(changes.size() + 2);
    }
}
