package io.github.consulembedded.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.Timing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliParserTest {

    private static CliOptions parse(String... args) throws UsageException {
        return CliParser.parse(List.of(args));
    }

    @Test
    void defaultsToThreeServersThreeClientsFastTimingAndUi() throws UsageException {
        CliOptions o = parse();
        assertThat(o.servers()).isEqualTo(3);
        assertThat(o.clients()).isEqualTo(3);
        assertThat(o.datacenter()).isEqualTo("dc1");
        assertThat(o.datacenters()).containsExactly("dc1");
        assertThat(o.federated()).isFalse();
        assertThat(o.domain()).isEqualTo("cluster.local");
        assertThat(o.recursors()).isEmpty();
        assertThat(o.timing()).isEqualTo(Timing.FAST);
        assertThat(o.ui()).isTrue();
        assertThat(o.dataDir()).isEmpty();
        assertThat(o.statusFile()).isEmpty();
        assertThat(o.binary()).isEmpty();
        assertThat(o.consulVersion()).isEmpty();
        assertThat(o.help()).isFalse();
        assertThat(o.version()).isFalse();
    }

    @Test
    void parsesEveryOptionWithSpaceOrEqualsSign(@TempDir Path tmp) throws UsageException {
        CliOptions o = parse("--servers", "5", "--clients=0", "--datacenter", "east", "--domain=consul.test",
                "--recursor", "10.0.0.1", "--recursor=[::1]:5353", "--data-dir", tmp.resolve("data").toString(),
                "--consul-version=1.8.7", "--binary", "/opt/consul", "--timing", "PRODUCTION", "--no-ui",
                "--status-file=" + tmp.resolve("status.json"));
        assertThat(o.servers()).isEqualTo(5);
        assertThat(o.clients()).isZero();
        assertThat(o.datacenter()).isEqualTo("east");
        assertThat(o.domain()).isEqualTo("consul.test");
        assertThat(o.recursors()).containsExactly("10.0.0.1", "[::1]:5353");
        assertThat(o.dataDir()).contains(tmp.resolve("data").toAbsolutePath());
        assertThat(o.consulVersion()).contains("1.8.7");
        assertThat(o.binary()).contains(Path.of("/opt/consul"));
        assertThat(o.timing()).isEqualTo(Timing.PRODUCTION);
        assertThat(o.ui()).isFalse();
        assertThat(o.statusFile()).contains(tmp.resolve("status.json").toAbsolutePath());
    }

    @Test
    void laterValueOfAnOptionWins() throws UsageException {
        assertThat(parse("--clients", "1", "--clients", "4").clients()).isEqualTo(4);
    }

    @Test
    void helpAndVersionAreFlags() throws UsageException {
        assertThat(parse("--help").help()).isTrue();
        assertThat(parse("--version").version()).isTrue();
    }

    @Test
    void rejectsUnknownOptionByName() {
        assertThatThrownBy(() -> parse("--server", "3")).isInstanceOf(UsageException.class)
                .hasMessage("unknown option --server");
        assertThatThrownBy(() -> parse("--colour=red")).hasMessage("unknown option --colour");
    }

    @Test
    void rejectsPositionalArgument() {
        assertThatThrownBy(() -> parse("start")).isInstanceOf(UsageException.class)
                .hasMessage("unexpected argument 'start' (every option starts with --)");
    }

    @Test
    void rejectsOptionWithoutItsValue() {
        assertThatThrownBy(() -> parse("--servers")).hasMessage("--servers needs a value (N)");
        assertThatThrownBy(() -> parse("--status-file")).hasMessage("--status-file needs a value (FILE)");
    }

    @Test
    void rejectsValueOnAFlag() {
        assertThatThrownBy(() -> parse("--no-ui=true")).hasMessage("--no-ui takes no value, was given 'true'");
    }

    @Test
    void rejectsCountsThatAreNotNumbersOrTooSmall() {
        assertThatThrownBy(() -> parse("--servers", "three")).hasMessage("--servers must be a whole number >= 1, was 'three'");
        assertThatThrownBy(() -> parse("--servers", "0")).hasMessage("--servers must be >= 1, was 0");
        assertThatThrownBy(() -> parse("--clients", "-1")).hasMessage("--clients must be >= 0, was -1");
    }

    @Test
    void rejectsUnknownTiming() {
        assertThatThrownBy(() -> parse("--timing", "slow")).hasMessage("--timing must be fast or production, was 'slow'");
    }

    @Test
    void rejectsBadDatacenterAndDomainNamingTheOption() {
        assertThatThrownBy(() -> parse("--datacenter", "dc 1")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--datacenter: datacenter must be").hasMessageContaining("'dc 1'");
        assertThatThrownBy(() -> parse("--domain", ".local")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--domain: domain must be").hasMessageContaining("'.local'");
    }

    @Test
    void datacentersAreFederatedWithThePrimaryFirstAndCountsPerDatacenter() throws UsageException {
        CliOptions o = parse("--datacenters", "dc1,dc2", "--servers", "1", "--clients", "2");
        assertThat(o.datacenters()).containsExactly("dc1", "dc2");
        assertThat(o.datacenter()).isEqualTo("dc1");
        assertThat(o.federated()).isTrue();
        ClusterSpec spec = o.cluster().build();
        assertThat(spec.datacenters()).containsExactly("dc1", "dc2");
        assertThat(spec.datacenter()).isEqualTo("dc1");
        assertThat(spec.servers()).isEqualTo(1);
        assertThat(spec.clients()).isEqualTo(2);
    }

    @Test
    void datacentersAcceptSpacesAfterCommasAndASingleName() throws UsageException {
        assertThat(parse("--datacenters=east, west,north").datacenters()).containsExactly("east", "west", "north");
        CliOptions single = parse("--datacenters", "solo");
        assertThat(single.datacenters()).containsExactly("solo");
        assertThat(single.federated()).isFalse();
        assertThat(single.cluster().build().datacenters()).isEqualTo(parse("--datacenter", "solo").cluster().build().datacenters());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dc1,dc 2", "dc 1,dc2", "dc1,", ",dc2", "dc1,,dc2", "", "dc1,dc.2"})
    void rejectsBadDatacenterNamesNamingTheOption(String value) {
        assertThatThrownBy(() -> parse("--datacenters", value)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--datacenters: datacenter").hasMessageContaining("must be letters, digits")
                .hasMessageEndingWith(", was '" + badName(value) + "'");
    }

    private static String badName(String value) {
        for (String name : value.split(",", -1)) {
            if (!name.trim().matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
                return name.trim();
            }
        }
        throw new AssertionError("no bad name in " + value);
    }

    @Test
    void rejectsDuplicateDatacenters() {
        assertThatThrownBy(() -> parse("--datacenters", "dc1,dc2,dc1")).isInstanceOf(UsageException.class)
                .hasMessage("--datacenters: datacenters must be distinct, was [dc1, dc2, dc1]");
    }

    @Test
    void rejectsDatacenterTogetherWithDatacenters() {
        assertThatThrownBy(() -> parse("--datacenter", "dc1", "--datacenters", "dc1,dc2"))
                .isInstanceOf(UsageException.class)
                .hasMessage("--datacenter and --datacenters exclude each other: name the primary datacenter first in --datacenters");
        assertThatThrownBy(() -> parse("--datacenters", "dc1,dc2", "--datacenter=dc1"))
                .hasMessageStartingWith("--datacenter and --datacenters exclude each other");
    }

    @Test
    void rejectsDatacentersWithoutAValue() {
        assertThatThrownBy(() -> parse("--datacenters")).hasMessage("--datacenters needs a value (DC1,DC2,...)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8.8.8.8", "8.8.8.8:53", "dns.example.org:5353", "[2001:db8::1]:53", "2001:db8::1"})
    void acceptsRecursorHostWithOrWithoutPort(String recursor) throws UsageException {
        assertThat(parse("--recursor", recursor).recursors()).containsExactly(recursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "8.8.8.8:", "8.8.8.8:dns", "8.8.8.8:70000", "8.8.8.8:0", "dns server", "[::1", "[::1]x"})
    void rejectsMalformedRecursor(String recursor) {
        assertThatThrownBy(() -> parse("--recursor", recursor)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--recursor ").hasMessageContaining(recursor);
    }

    @Test
    void securitySwitchesAreOffByDefaultAndOnWhenGiven() throws UsageException {
        CliOptions none = parse("--clients", "1");
        assertThat(none.encrypt()).isFalse();
        assertThat(none.acl()).isFalse();
        assertThat(none.tls()).isFalse();
        CliOptions all = parse("--encrypt", "--acl", "--tls");
        assertThat(all.encrypt()).isTrue();
        assertThat(all.acl()).isTrue();
        assertThat(all.tls()).isTrue();
        assertThat(parse("--acl").encrypt()).isFalse();
    }

    @Test
    void securitySwitchesTakeNoValue() {
        assertThatThrownBy(() -> parse("--tls=yes")).isInstanceOf(UsageException.class).hasMessageContaining("--tls");
    }

    @Test
    void rejectsDataDirThatIsAFileAndStatusFileThatIsAFolder(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertThatThrownBy(() -> parse("--data-dir", file.toString()))
                .hasMessage("--data-dir must be a folder, but " + file.toAbsolutePath() + " is a file");
        assertThatThrownBy(() -> parse("--status-file", tmp.toString()))
                .hasMessage("--status-file must name a file, but " + tmp.toAbsolutePath() + " is a folder");
    }

    @Test
    void reusedClusterOptionsAreFlags() throws Exception {
        assertThat(parse("--list-reused").listReused()).isTrue();
        assertThat(parse("--stop-reused").stopReused()).isTrue();
        assertThat(parse().listReused()).isFalse();
        assertThat(parse().stopReused()).isFalse();
        assertThatThrownBy(() -> parse("--stop-reused=yes")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--stop-reused");
    }

    @Test
    void usageListsEveryOptionOnItsOwnLine() {
        String usage = CliParser.usage();
        assertThat(CliParser.optionNames()).containsExactly("--servers", "--clients", "--datacenter", "--datacenters", "--domain",
                "--recursor", "--data-dir", "--consul-version", "--binary", "--timing", "--encrypt", "--acl", "--tls",
                "--no-ui", "--status-file", "--list-reused", "--stop-reused", "--help", "--version");
        for (String name : CliParser.optionNames()) {
            assertThat(usage).containsPattern("(?m)^  " + name + "\\b");
        }
        assertThat(usage.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
        assertThat(usage).containsPattern("(?m)^  --datacenters DC1,DC2,\\.\\.\\.  ");
    }
}
