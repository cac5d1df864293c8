package io.github.consulembedded.consumercheck;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

/** One of the library's jars as published: found through a class it contains, read as a zip. */
final class PublishedJar {
    private final Path file;

    private PublishedJar(Path file) {
        this.file = file;
    }

    /** The jar {@code member} was loaded from; fails if it came from a classes folder (the build ran no "package"). */
    static PublishedJar containing(Class<?> member) {
        try {
            Path location = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
            assertThat(Files.isRegularFile(location) && location.toString().endsWith(".jar"))
                    .as("%s must come from a packaged jar, not %s: run the reactor to \"verify\"", member.getName(), location)
                    .isTrue();
            return new PublishedJar(location);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the jar of " + member.getName(), e);
        }
    }

    Path file() {
        return file;
    }

    /** Every entry name, folders included. */
    List<String> entries() {
        try (JarFile jar = new JarFile(file.toFile())) {
            return jar.stream().map(ZipEntry::getName).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The binary names of the classes it holds (module-info and multi-release copies left out). */
    List<String> classNames() {
        return entries().stream()
                .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class"))
                .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                .toList();
    }

    String entryText(String name) {
        try (JarFile jar = new JarFile(file.toFile())) {
            ZipEntry entry = jar.getEntry(name);
            assertThat(entry).as("entry %s in %s", name, file).isNotNull();
            return new String(jar.getInputStream(entry).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " in " + file, e);
        }
    }

    Manifest manifest() {
        try (JarFile jar = new JarFile(file.toFile())) {
            return jar.getManifest();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + file, e);
        }
    }

    @Override
    public String toString() {
        return file.getFileName().toString();
    }
}
