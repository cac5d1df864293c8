package io.github.consulembedded.consumercheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.junit.EmbeddedConsulCluster;
import java.util.List;
import java.util.jar.Attributes;
import org.junit.jupiter.api.Test;

/**
 * The core jar holds only its own classes (it has no dependency but slf4j-api, whose classes it
 * does not carry), in the API package or under internal; the extension jar holds only itself.
 */
class CoreJarContentsIT {
    private final PublishedJar core = PublishedJar.containing(ConsulCluster.class);
    private final PublishedJar junit = PublishedJar.containing(EmbeddedConsulCluster.class);

    @Test
    void coreJarHoldsNoClassesButItsOwn() {
        List<String> foreign = core.entries().stream()
                .filter(n -> n.endsWith(".class"))
                .filter(n -> !n.startsWith("io/github/consulembedded/"))
                .toList();
        assertThat(foreign).as("classes of %s outside io/github/consulembedded", core).isEmpty();
        assertThat(core.entries()).noneMatch(n -> n.startsWith("io/github/consulembedded/internal/shaded/"));
    }

    @Test
    void everyCoreClassOutsideThePublicPackageIsInAnInternalPackage() {
        List<String> misplaced = core.classNames().stream()
                .filter(n -> !packageOf(n).equals("io.github.consulembedded"))
                .filter(n -> !packageOf(n).startsWith("io.github.consulembedded.internal"))
                .toList();
        assertThat(misplaced).as("classes of %s neither in the API package nor under .internal", core).isEmpty();
    }

    @Test
    void extensionJarHoldsOnlyItsOwnPackage() {
        assertThat(junit.classNames()).isNotEmpty()
                .allSatisfy(n -> assertThat(packageOf(n)).isEqualTo("io.github.consulembedded.junit"));
    }

    @Test
    void jarsNameTheirAutomaticModules() {
        assertThat(core.manifest().getMainAttributes().getValue(new Attributes.Name("Automatic-Module-Name")))
                .isEqualTo("io.github.consulembedded");
        assertThat(junit.manifest().getMainAttributes().getValue(new Attributes.Name("Automatic-Module-Name")))
                .isEqualTo("io.github.consulembedded.junit");
    }

    @Test
    void coreJarCarriesNoForeignServicesOrModuleDescriptors() {
        assertThat(core.entries()).noneMatch(n -> n.startsWith("META-INF/services/") && !n.endsWith("/"))
                .noneMatch(n -> n.endsWith("module-info.class")).noneMatch(n -> n.startsWith("META-INF/versions/"));
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }
}
