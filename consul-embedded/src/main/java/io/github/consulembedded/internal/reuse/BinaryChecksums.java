package io.github.consulembedded.internal.reuse;

import io.github.consulembedded.internal.binary.BinaryFacts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of a Consul executable, remembered for the unchanged file ({@link BinaryFacts}):
 * hashing 70-100 MB takes a few hundred milliseconds, which a run that reuses a cluster must not
 * pay each time.
 */
final class BinaryChecksums {

    private BinaryChecksums() {
    }

    static String sha256(Path executable) {
        try {
            return BinaryFacts.remembered(executable, "sha256", BinaryChecksums::hash);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compute the SHA-256 of " + executable, e);
        }
    }

    private static String hash(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            byte[] buffer = new byte[1 << 16];
            while (in.read(buffer) >= 0) {
                // Reading is what updates the digest.
            }
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compute the SHA-256 of " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
