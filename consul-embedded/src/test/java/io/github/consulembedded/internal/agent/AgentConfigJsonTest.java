package io.github.consulembedded.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.consulembedded.AgentPorts;
import io.github.consulembedded.ConsulTls;
import io.github.consulembedded.Timing;
import io.github.consulembedded.internal.json.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The generated agent config is written exactly as Jackson's default pretty printer would write it. */
class AgentConfigJsonTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();
    private static final List<AgentPorts> PORTS = List.of(new AgentPorts(8500, -1, 8600, 8301, 8302, 8300),
            new AgentPorts(21500, 21501, 21600, 21301, 21302, 21300), new AgentPorts(-1, 1, 4, 2, 3, 65535));

    @Test
    void writesEveryGeneratedConfigAsJacksonDoes() throws Exception {
        List<AgentConfig> configs = configs();
        assertThat(configs).hasSizeGreaterThan(50);
        for (AgentConfig config : configs) {
            for (AgentPorts ports : PORTS) {
                Map<String, Object> generated = AgentConfigFile.generated(config, ports);
                String jackson = jackson(generated);

                assertThat(AgentConfigFile.render(config, ports)).as(jackson).isEqualTo(jackson);
                // A merge of nothing writes the same.
                assertThat(Json.mergeAndWrite(generated, Json.object())).isEqualTo(jackson);
            }
        }
    }

    @Test
    void escapesEveryCharacterAsJacksonDoes() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x250; c++) {
            all.append(c);
        }
        all.append("\u2028\u2029\uD83D\uDE00\uFFFF");
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("every character", all.toString());
        tree.put("quote \" and back\\slash", "C:\\consul\\ca \"x\".pem");
        tree.put("", "");
        tree.put("nested", Map.of("ctl\u0001\u001f", "tab\there\nnew line\r\f\b/slash"));
        tree.put("empty", Map.of());
        tree.put("numbers", new LinkedHashMap<>(Map.of("min", Integer.MIN_VALUE)));
        tree.put("long", Long.MAX_VALUE);
        tree.put("flag", false);

        tree.put("list", List.of("a", 1, List.of(), Map.of(), List.of(Map.of("in", List.of(true)))));
        tree.put("null", null);

        assertThat(Json.write(Json.fromMap("tree", tree))).isEqualTo(jackson(tree));
        // Read back, the tree is written the same again.
        assertThat(Json.write(Json.read(jackson(tree)))).isEqualTo(jackson(tree));
        assertThat(Json.read(jackson(tree)).toString()).isEqualTo(JACKSON.writeValueAsString(tree));
    }

    @Test
    void writesAnEmptyObjectAsTheCanonicalEmptyObject() throws Exception {
        assertThat(Json.write(Json.object())).isEqualTo(Json.EMPTY_OBJECT).isEqualTo(jackson(Map.of()));
    }

    @Test
    void rejectsValuesItCannotWrite() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("thread", Thread.currentThread());

        assertThatThrownBy(() -> Json.fromMap("tree", tree)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.Thread");
    }

    private static String jackson(Object tree) throws Exception {
        return JACKSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
    }

    @Test
    void renderMergesExtraConfigOverTheGeneratedOne() {
        AgentConfig config = AgentConfig.server().node("s1").encryptKey("pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=")
                .extraConfig("{\"ports\":{\"dns\":-1},\"log_level\":\"DEBUG\"}").build();

        String rendered = AgentConfigFile.render(config, PORTS.get(0));

        assertThat(Json.parseObject("config", rendered).path("ports").path("dns").asInt()).isEqualTo(-1);
        assertThat(Json.parseObject("config", rendered).path("ports").path("http").asInt()).isEqualTo(8500);
        assertThat(Json.parseObject("config", rendered).path("encrypt").asText()).isEqualTo("pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=");
        assertThat(config.hasExtraConfig()).isTrue();
        assertThat(AgentConfig.server().node("s1").extraConfig("{}").build().hasExtraConfig()).isFalse();
    }

    private static List<AgentConfig> configs() {
        List<AgentConfig> configs = new ArrayList<>();
        String[] keys = {null, "pUqJrVyVRj5jsiYEkM/tFQYfWyJIv4s3XkvDwy7Cu5s=", "+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+/+//v8="};
        String[] tokens = {null, "b1gs33cr3t", "0c5b6f5e-5f1c-4e4b-9a0e-2a9d1b6b6f7a", "tok\\en\"\u007f\u00e9"};
        ConsulTls[] tls = {null, new ConsulTls(Path.of("/tmp/ca.pem"), Path.of("/tmp/cli.pem"), Path.of("/tmp/cli-key.pem")),
            new ConsulTls(Path.of("/tmp/dir with space/ca\"q\".pem"), Path.of("C:\\certs\\cli.pem"), Path.of("/tmp/ké\ty.pem"))};
        for (Timing timing : new Timing[] {Timing.FAST, Timing.PRODUCTION}) {
            for (String key : keys) {
                for (String token : tokens) {
                    for (ConsulTls t : tls) {
                        for (String dc : new String[] {"dc1", "dc2"}) {
                            configs.add((dc.equals("dc1") ? AgentConfig.server() : AgentConfig.client()).node("node-1")
                                    .datacenter(dc).primaryDatacenter("dc1").timing(timing).encryptKey(key)
                                    .aclMasterToken(token).tls(t).build());
                        }
                    }
                }
            }
        }
        return configs;
    }
}
