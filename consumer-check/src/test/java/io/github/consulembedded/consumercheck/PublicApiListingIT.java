package io.github.consulembedded.consumercheck;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.junit.EmbeddedConsulCluster;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The public surface is written down: {@code consumer-check/api/<jar>.api} lists every visible
 * type outside the {@code .internal} packages and its public and protected members, as the
 * published jar has them, so that every API change shows in review. When the API changes on
 * purpose, run with {@code -Dapi.update=true} to rewrite the listing.
 */
class PublicApiListingIT {
    private static final Path API = Path.of("api");

    @Test
    void coreApiIsTheListedOne() throws IOException {
        assertListing("consul-embedded.api", PublishedJar.containing(ConsulCluster.class));
    }

    @Test
    void extensionApiIsTheListedOne() throws IOException {
        assertListing("consul-embedded-junit.api", PublishedJar.containing(EmbeddedConsulCluster.class));
    }

    private static void assertListing(String file, PublishedJar jar) throws IOException {
        String actual = String.join("\n", listing(jar)) + "\n";
        Path listed = API.resolve(file);
        if (Boolean.getBoolean("api.update")) {
            Files.createDirectories(API);
            Files.writeString(listed, actual, StandardCharsets.UTF_8);
        }
        Path written = Path.of("target", file);
        Files.writeString(written, actual, StandardCharsets.UTF_8);
        assertThat(listed).as("the API listing %s (run with -Dapi.update=true after a deliberate change)", listed).exists();
        assertThat(actual).as("the public API of %s against %s; the actual listing is in %s", jar, listed, written)
                .isEqualTo(Files.readString(listed, StandardCharsets.UTF_8));
    }

    static List<String> listing(PublishedJar jar) {
        List<String> lines = new ArrayList<>();
        for (String name : new TreeSet<>(jar.classNames())) {
            if (name.contains(".internal.")) {
                continue;
            }
            Class<?> type = load(name);
            if (!ApiSignatures.isVisible(type)) {
                continue;
            }
            lines.add(type.toGenericString());
            TreeSet<String> members = new TreeSet<>();
            for (Constructor<?> c : type.getDeclaredConstructors()) {
                if (visible(c.getModifiers())) {
                    members.add("  " + c.toGenericString());
                }
            }
            for (Method m : type.getDeclaredMethods()) {
                if (visible(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) {
                    members.add("  " + m.toGenericString());
                }
            }
            for (Field f : type.getDeclaredFields()) {
                if (visible(f.getModifiers()) && !f.isSynthetic()) {
                    members.add("  " + f.toGenericString());
                }
            }
            lines.addAll(members);
        }
        return lines;
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, PublicApiListingIT.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load " + name + " from the test class path", e);
        }
    }
}
