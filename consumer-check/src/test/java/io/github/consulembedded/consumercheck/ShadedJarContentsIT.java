package io.github.consulembedded.consumercheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.junit.EmbeddedConsulCluster;
import java.util.List;
import java.util.jar.Attributes;
import org.junit.jupiter.api.Test;

/** The core jar holds its dependencies only relocated, in packages named internal; the extension jar holds only itself. */
class ShadedJarContentsIT {
    private static final List<String> RELOCATED_ROOTS = List.of(
            "okhttp3/", "okio/", "kotlin/", "kotlinx/", "com/fasterxml/", "org/apache/commons/exec/", "org/jetbrains/",
            "org/intellij/");

    private final PublishedJar core = PublishedJar.containing(ConsulCluster.class);
    private final PublishedJar junit = PublishedJar.containing(EmbeddedConsulCluster.class);

    @Test
    void coreJarHasNoUnrelocatedDependencyEntries() {
        List<String> unrelocated = core.entries().stream()
                .filter(n -> RELOCATED_ROOTS.stream().anyMatch(root -> n.startsWith(root) || n.matches("META-INF/versions/\\d+/" + root + ".*")))
                .toList();
        assertThat(unrelocated).as("entries of %s outside io/github/consulembedded", core).isEmpty();
    }

    @Test
    void coreJarCarriesTheRelocatedDependencies() {
        assertThat(core.entries()).contains(
                "io/github/consulembedded/internal/shaded/okhttp3/OkHttpClient.class",
                "io/github/consulembedded/internal/shaded/okio/Buffer.class",
                "io/github/consulembedded/internal/shaded/kotlin/jvm/internal/Intrinsics.class",
                "io/github/consulembedded/internal/shaded/com/fasterxml/jackson/databind/ObjectMapper.class");
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
    void serviceFilesNameRelocatedClasses() {
        List<String> services = core.entries().stream().filter(n -> n.startsWith("META-INF/services/") && !n.endsWith("/")).toList();
        assertThat(services).isNotEmpty().allSatisfy(file -> {
            assertThat(file).startsWith("META-INF/services/io.github.consulembedded.");
            core.entryText(file).lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .forEach(provider -> assertThat(provider).as("provider in %s", file).startsWith("io.github.consulembedded.internal.shaded."));
        });
    }

    @Test
    void jarsNameTheirAutomaticModules() {
        assertThat(core.manifest().getMainAttributes().getValue(new Attributes.Name("Automatic-Module-Name")))
                .isEqualTo("io.github.consulembedded");
        assertThat(junit.manifest().getMainAttributes().getValue(new Attributes.Name("Automatic-Module-Name")))
                .isEqualTo("io.github.consulembedded.junit");
    }

    @Test
    void dependencyModuleDescriptorsAreGone() {
        assertThat(core.entries()).noneMatch(n -> n.endsWith("module-info.class")).noneMatch(n -> n.endsWith(".kotlin_module"));
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }
}
