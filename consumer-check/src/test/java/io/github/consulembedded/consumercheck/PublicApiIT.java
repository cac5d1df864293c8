package io.github.consulembedded.consumercheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.junit.EmbeddedConsulCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The published jars' API names no type of a library they use: every public or protected
 * signature of every visible class outside the {@code .internal} packages may only mention the JDK,
 * the library's own API, SLF4J and (for the extension) JUnit.
 */
class PublicApiIT {

    @Test
    void coreApiNamesOnlyJdkSlf4jAndItsOwnTypes() {
        assertNoViolations(PublishedJar.containing(ConsulCluster.class), PublicApiIT::isJdkSlf4jOrOwnApi);
    }

    @Test
    void extensionApiNamesOnlyJdkSlf4jJunitAndTheLibrarysTypes() {
        assertNoViolations(PublishedJar.containing(EmbeddedConsulCluster.class),
                type -> isJdkSlf4jOrOwnApi(type) || isInPackage(type, "org.junit") || isInPackage(type, "org.apiguardian"));
    }

    private static void assertNoViolations(PublishedJar jar, Predicate<Class<?>> allowed) {
        ApiSignatures signatures = new ApiSignatures(allowed);
        List<String> apiClasses = jar.classNames().stream().filter(n -> !packageOf(n).contains(".internal")).toList();
        assertThat(apiClasses).as("API classes in %s", jar).isNotEmpty();
        List<ApiSignatures.Violation> violations = new ArrayList<>();
        for (String name : apiClasses) {
            Class<?> type = load(name);
            if (ApiSignatures.isVisible(type)) {
                violations.addAll(signatures.check(type));
            }
        }
        violations.forEach(v -> System.out.println("[public-api] " + jar + " | " + v));
        assertThat(violations).as("third-party types in the public API of %s (class | member | type)", jar).isEmpty();
    }

    private static boolean isJdkSlf4jOrOwnApi(Class<?> type) {
        String pkg = type.getPackageName();
        return isInPackage(type, "java") || isInPackage(type, "javax") || isInPackage(type, "org.slf4j")
                || (isInPackage(type, "io.github.consulembedded") && !pkg.contains(".internal"));
    }

    private static boolean isInPackage(Class<?> type, String root) {
        String pkg = type.getPackageName();
        return pkg.equals(root) || pkg.startsWith(root + ".");
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PublicApiIT.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load " + name + " from the test class path", e);
        }
    }
}
