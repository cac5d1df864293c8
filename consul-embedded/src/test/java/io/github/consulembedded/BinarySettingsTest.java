package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BinarySettingsTest {

    private static final String SHA = "ecdddbc87e7f882c3f9d94e8449865fde553e6f443234a1787414fdacef7af55";

    @Test
    void usesDefaultsWhenNothingIsConfigured() {
        BinarySettings s = BinarySettings.from(props("user.home", "/home/dev"), Map.of());

        assertThat(s.binary()).isEmpty();
        assertThat(s.version()).isEqualTo("1.4.2").isEqualTo(BinarySettings.DEFAULT_VERSION);
        assertThat(s.downloadUrl()).isEqualTo(URI.create("https://releases.hashicorp.com"));
        assertThat(s.sha256()).isEmpty();
        assertThat(s.cacheDir()).isEqualTo(Path.of("/home/dev/.cache/consul-embedded").toAbsolutePath());
        assertThat(s.offline()).isFalse();
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.readTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.progressListener()).isNotNull();
    }

    @Test
    void readsEverySettingFromSystemProperties() {
        BinarySettings s = BinarySettings.from(props(
                "consul.embedded.binary", "/opt/consul/bin/consul",
                "consul.embedded.version", "1.8.7",
                "consul.embedded.download-url", "http://mirror.example/hashicorp",
                "consul.embedded.sha256", SHA.toUpperCase(),
                "consul.embedded.cache-dir", "/var/cache/ce",
                "consul.embedded.offline", "TRUE"), Map.of());

        assertThat(s.binary()).contains(Path.of("/opt/consul/bin/consul").toAbsolutePath());
        assertThat(s.version()).isEqualTo("1.8.7");
        assertThat(s.downloadUrl()).isEqualTo(URI.create("http://mirror.example/hashicorp"));
        assertThat(s.sha256()).contains(SHA);
        assertThat(s.cacheDir()).isEqualTo(Path.of("/var/cache/ce").toAbsolutePath());
        assertThat(s.offline()).isTrue();
    }

    @Test
    void readsEverySettingFromEnvironment() {
        BinarySettings s = BinarySettings.from(new Properties(), Map.of(
                "CONSUL_BINARY", "/usr/bin/consul",
                "CONSUL_EMBEDDED_VERSION", "1.9.0",
                "CONSUL_EMBEDDED_DOWNLOAD_URL", "https://mirror.example",
                "CONSUL_EMBEDDED_SHA256", SHA,
                "CONSUL_EMBEDDED_CACHE_DIR", "/tmp/ce-cache",
                "CONSUL_EMBEDDED_OFFLINE", "true"));

        assertThat(s.binary()).contains(Path.of("/usr/bin/consul").toAbsolutePath());
        assertThat(s.version()).isEqualTo("1.9.0");
        assertThat(s.downloadUrl()).isEqualTo(URI.create("https://mirror.example"));
        assertThat(s.sha256()).contains(SHA);
        assertThat(s.cacheDir()).isEqualTo(Path.of("/tmp/ce-cache").toAbsolutePath());
        assertThat(s.offline()).isTrue();
    }

    @Test
    void systemPropertyBeatsEnvironment() {
        BinarySettings s = BinarySettings.from(props("consul.embedded.version", "1.6.0"),
                Map.of("CONSUL_EMBEDDED_VERSION", "1.7.0"));

        assertThat(s.version()).isEqualTo("1.6.0");
    }

    @Test
    void codeBeatsSystemPropertyAndEnvironment() {
        BinarySettings s = BinarySettings.builder(props("consul.embedded.version", "1.6.0"),
                        Map.of("CONSUL_EMBEDDED_VERSION", "1.7.0"))
                .version("1.8.0")
                .build();

        assertThat(s.version()).isEqualTo("1.8.0");
    }

    @Test
    void codeCanReplaceAnInvalidEnvironmentValue() {
        BinarySettings s = BinarySettings.builder(new Properties(), Map.of("CONSUL_EMBEDDED_VERSION", "0.9"))
                .version("1.4.2")
                .build();

        assertThat(s.version()).isEqualTo("1.4.2");
    }

    @Test
    void blankValuesCountAsUnset() {
        BinarySettings s = BinarySettings.from(props("consul.embedded.version", "  "), Map.of(
                "CONSUL_EMBEDDED_VERSION", "1.5.1",
                "CONSUL_BINARY", "",
                "CONSUL_EMBEDDED_SHA256", " ",
                "CONSUL_EMBEDDED_OFFLINE", ""));

        assertThat(s.version()).isEqualTo("1.5.1");
        assertThat(s.binary()).isEmpty();
        assertThat(s.sha256()).isEmpty();
        assertThat(s.offline()).isFalse();
    }

    @Test
    void rejectsVersionBefore14() {
        assertThatThrownBy(() -> BinarySettings.builder().version("0.9").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("version must be a Consul 1.x release >= 1.4.0, was '0.9'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.3.9", "2.0.0", "latest", "1.4", "v1.4.2", "1.4.2.1"})
    void rejectsVersionsThatAreNotConsul14OrLater(String version) {
        assertThatThrownBy(() -> BinarySettings.builder().version(version).build())
                .hasMessage("version must be a Consul 1.x release >= 1.4.0, was '" + version + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.4.0", "1.4.2", "1.10.12", "1.9.0-beta1", "1.15.2+ent"})
    void acceptsConsul14AndLater(String version) {
        assertThat(BinarySettings.builder().version(version).build().version()).isEqualTo(version);
    }

    @Test
    void namesTheEnvironmentVariableAnInvalidValueCameFrom() {
        assertThatThrownBy(() -> BinarySettings.from(new Properties(), Map.of("CONSUL_EMBEDDED_VERSION", "1.2")))
                .hasMessage("version must be a Consul 1.x release >= 1.4.0, was '1.2' "
                        + "(from environment variable CONSUL_EMBEDDED_VERSION)");
    }

    @Test
    void rejectsMalformedSha256() {
        assertThatThrownBy(() -> BinarySettings.builder().sha256("abc").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sha256 must be 64 hex characters, was 'abc'");
    }

    @Test
    void rejectsNonHttpDownloadUrl() {
        assertThatThrownBy(() -> BinarySettings.builder().downloadUrl("ftp://mirror.example").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("downloadUrl must be an http or https URL, was 'ftp://mirror.example'");
        assertThatThrownBy(() -> BinarySettings.builder().downloadUrl("not a url").build())
                .hasMessage("downloadUrl must be an http or https URL, was 'not a url'");
    }

    @Test
    void rejectsOfflineValueThatIsNotABoolean() {
        assertThatThrownBy(() -> BinarySettings.from(props("consul.embedded.offline", "maybe"), Map.of()))
                .hasMessage("offline must be true or false, was 'maybe' (from system property consul.embedded.offline)");
    }

    @Test
    void rejectsNegativeTimeouts() {
        assertThatThrownBy(() -> BinarySettings.builder().readTimeout(Duration.ofSeconds(-1)).build())
                .hasMessage("readTimeout must be >= 0 (0 means no timeout), was PT-1S");
    }

    @Test
    void newBuilderRoundTripsToEqualSettings() {
        BinarySettings s = BinarySettings.from(props("consul.embedded.sha256", SHA), Map.of("CONSUL_BINARY", "/x"));

        assertThat(s.newBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
        assertThat(s.newBuilder().offline(true).build()).isNotEqualTo(s);
        assertThat(s.newBuilder().binary(null).build().binary()).isEmpty();
        assertThat(s.toString()).contains("version=1.4.2", SHA);
    }

    @Test
    void relativeCacheDirIsMadeAbsolute() {
        BinarySettings s = BinarySettings.builder().cacheDir(Path.of("target/consul-cache")).build();

        assertThat(s.cacheDir().isAbsolute()).isTrue();
        assertThat(s.cacheDir().endsWith(Path.of("target/consul-cache"))).isTrue();
    }

    private static Properties props(String... keysAndValues) {
        Properties p = new Properties();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }
}
