package io.github.consulembedded.internal.reuse;

import io.github.consulembedded.internal.process.WorkArea;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 of a Consul executable, remembered by path, size and modification time in this JVM
 * and in the work area: hashing 70-100 MB takes a few hundred milliseconds, which a run that
 * reuses a cluster must not pay each time.
 */
final class BinaryChecksums {
    private static final Map<String, String> MEMORY = new ConcurrentHashMap<>();

    private BinaryChecksums() {
    }

    static String sha256(Path executable) {
        try {
            Path real = executable.toRealPath();
            String stamp = real + " " + Files.size(real) + " " + Files.getLastModifiedTime(real).toMillis();
            String known = MEMORY.get(stamp);
            if (known != null) {
                return known;
            }
            Path cache = WorkArea.get().root().resolve("reuse-checksums").resolve(SpecKey.shortHash(stamp));
            if (Files.isRegularFile(cache)) {
                String[] stored = Files.readString(cache, StandardCharsets.UTF_8).split("\n");
                if (stored.length == 2 && stored[0].equals(stamp)) {
                    MEMORY.put(stamp, stored[1]);
                    return stored[1];
                }
            }
            String sha = hash(real);
            Files.createDirectories(cache.getParent());
            Path tmp = Files.createTempFile(cache.getParent(), "sha", ".tmp");
            Files.writeString(tmp, stamp + "\n" + sha, StandardCharsets.UTF_8);
            Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            MEMORY.put(stamp, sha);
            return sha;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compute the SHA-256 of " + executable, e);
        }
    }

    private static String hash(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // Reading is what updates the digest.
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
