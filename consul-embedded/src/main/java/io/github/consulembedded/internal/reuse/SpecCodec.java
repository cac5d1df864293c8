package io.github.consulembedded.internal.reuse;

import io.github.consulembedded.BinarySettings;
import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.ConsulBinary;
import io.github.consulembedded.Timing;
import io.github.consulembedded.internal.json.ArrayNode;
import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.json.JsonNode;
import io.github.consulembedded.internal.json.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a spec (with its resolved binary) for the keeper process and reads it back there. It
 * knows the spec's fields by name; the keeper checks that the spec it read has the key it was
 * asked for, so a field this codec does not know makes the start fail instead of mismatch.
 */
final class SpecCodec {
    private SpecCodec() {
    }

    static ObjectNode encode(ClusterSpec spec, ConsulBinary binary) {
        return encode(spec, binary.executable(), binary.version());
    }

    static ObjectNode encode(ClusterSpec spec, Path executable, String version) {
        if (spec.dataRoot().isPresent()) {
            throw new IllegalArgumentException("a persistent cluster (dataRoot) is not reused");
        }
        ObjectNode n = Json.object();
        n.put("servers", spec.servers());
        n.put("clients", spec.clients());
        n.put("datacenter", spec.datacenter());
        spec.datacenters().forEach(n.putArray("datacenters")::add);
        n.put("domain", spec.domain());
        ArrayNode recursors = n.putArray("recursors");
        spec.recursors().forEach(recursors::add);
        n.put("ui", spec.ui());
        n.put("timing", spec.timing().name());
        n.put("supervise", spec.supervise());
        n.put("devModeForSingleServer", spec.devModeForSingleServer());
        n.put("readyTimeoutMillis", spec.readyTimeout().toMillis());
        n.put("extraConfig", spec.extraConfig());
        ObjectNode byNode = n.putObject("extraConfigByNode");
        spec.extraConfigByNode().forEach(byNode::put);
        n.put("encrypt", spec.encrypt());
        spec.gossipKey().ifPresent(k -> n.put("gossipKey", k));
        n.put("acl", spec.acl());
        spec.aclMasterToken().ifPresent(t -> n.put("aclMasterToken", t));
        n.put("tls", spec.tls());
        n.put("httpWithTls", spec.httpWithTls());
        n.put("bindAll", spec.bindAll());
        n.put("binaryPath", executable.toString());
        n.put("binaryVersion", version);
        return n;
    }

    /** The spec with the binary it names, resolved (and probed) as an explicit binary. */
    static ClusterSpec decode(JsonNode n) {
        ConsulBinary binary = ConsulBinary.resolve(BinarySettings.builder()
                .binary(Path.of(n.path("binaryPath").asText())).version(n.path("binaryVersion").asText()).build());
        return decodeWithoutBinary(n).binary(binary).build();
    }

    /** The spec's builder with everything but the binary. */
    static ClusterSpec.Builder decodeWithoutBinary(JsonNode n) {
        List<String> recursors = new ArrayList<>();
        n.path("recursors").forEach(r -> recursors.add(r.asText()));
        List<String> datacenters = new ArrayList<>();
        n.path("datacenters").forEach(dc -> datacenters.add(dc.asText()));
        if (datacenters.isEmpty()) {
            datacenters.add(n.path("datacenter").asText());
        }
        ClusterSpec.Builder b = ClusterSpec.builder()
                .servers(n.path("servers").asInt())
                .clients(n.path("clients").asInt())
                .datacenters(datacenters.toArray(String[]::new))
                .domain(n.path("domain").asText())
                .recursors(recursors)
                .ui(n.path("ui").asBoolean())
                .timing(Timing.valueOf(n.path("timing").asText()))
                .supervise(n.path("supervise").asBoolean())
                .devModeForSingleServer(n.path("devModeForSingleServer").asBoolean())
                .readyTimeout(Duration.ofMillis(n.path("readyTimeoutMillis").asLong()))
                .extraConfig(n.path("extraConfig").asText());
        n.path("extraConfigByNode").fields().forEachRemaining(e -> b.extraConfig(e.getKey(), e.getValue().asText()));
        if (n.path("encrypt").asBoolean()) {
            if (n.hasNonNull("gossipKey")) {
                b.encrypt(n.path("gossipKey").asText());
            } else {
                b.encrypt();
            }
        }
        if (n.path("acl").asBoolean()) {
            if (n.hasNonNull("aclMasterToken")) {
                b.acl(n.path("aclMasterToken").asText());
            } else {
                b.acl();
            }
        }
        if (n.path("tls").asBoolean()) {
            b.tls();
        }
        b.httpWithTls(n.path("httpWithTls").asBoolean());
        if (n.path("bindAll").asBoolean()) {
            b.bindAll();
        }
        return b;
    }
}
