package io.github.consulembedded.internal;

import io.github.consulembedded.BinarySettings;
import io.github.consulembedded.ConsulBinary;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Resolves a binary in a separate JVM for the cross-process test.
 * Arguments: cache dir, download URL, version, sha256. Prints {@code source=<SOURCE>} on success.
 */
public final class ResolveMain {

    private ResolveMain() {
    }

    public static void main(String[] args) {
        // Isolated from the machine's CONSUL_* variables, which CI may set.
        BinarySettings settings = BinarySettings.from(new Properties(), Map.of()).newBuilder()
                .cacheDir(Path.of(args[0]))
                .downloadUrl(URI.create(args[1]))
                .version(args[2])
                .sha256(args[3])
                .build();
        ConsulBinary binary = ConsulBinary.resolve(settings);
        System.out.println("source=" + binary.source());
        System.out.println("executable=" + binary.executable());
    }
}
