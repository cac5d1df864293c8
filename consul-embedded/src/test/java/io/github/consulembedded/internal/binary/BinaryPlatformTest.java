package io.github.consulembedded.internal.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.consulembedded.BinaryUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BinaryPlatformTest {

    @ParameterizedTest
    @CsvSource({
        "Linux, amd64, linux_amd64",
        "Linux, x86_64, linux_amd64",
        "Linux, aarch64, linux_arm64",
        "Linux, arm, linux_arm",
        "Linux, x86, linux_386",
        "Linux, i386, linux_386",
        "Mac OS X, x86_64, darwin_amd64",
        "Mac OS X, aarch64, darwin_arm64",
        "Windows 11, amd64, windows_amd64",
        "FreeBSD, amd64, freebsd_amd64",
        "SunOS, amd64, solaris_amd64",
    })
    void mapsJavaNamesToReleaseNames(String osName, String osArch, String expected) {
        assertThat(Platform.of(osName, osArch).id()).isEqualTo(expected);
    }

    @Test
    void windowsExecutableHasExeSuffix() {
        assertThat(Platform.of("Windows 10", "amd64").executableName()).isEqualTo("consul.exe");
        assertThat(Platform.of("Linux", "amd64").executableName()).isEqualTo("consul");
    }

    @Test
    void unsupportedOperatingSystemIsNamed() {
        assertThatThrownBy(() -> Platform.of("AIX", "ppc64"))
                .isExactlyInstanceOf(BinaryUnavailableException.class)
                .hasMessageContainingAll("os.name='AIX'", "os.arch='ppc64'", "consul.embedded.binary");
    }

    @Test
    void unsupportedArchitectureIsNamed() {
        assertThatThrownBy(() -> Platform.of("Linux", "s390x"))
                .hasMessageContainingAll("os.name='Linux'", "os.arch='s390x'");
    }

    @Test
    void appleSiliconFallsBackToRosettaBuild() {
        Platform appleSilicon = Platform.of("Mac OS X", "aarch64");
        Platform rosetta = Platform.of("Mac OS X", "x86_64");

        assertThat(appleSilicon.candidates("1.4.2")).containsExactly(rosetta);
        assertThat(appleSilicon.candidates("1.12.0")).containsExactly(appleSilicon, rosetta);
        assertThat(Platform.of("Linux", "amd64").candidates("1.4.2")).containsExactly(Platform.of("Linux", "amd64"));
    }

    @Test
    void currentMachineIsSupported() {
        assertThat(Platform.current().id()).matches("[a-z]+_[a-z0-9]+");
    }
}
