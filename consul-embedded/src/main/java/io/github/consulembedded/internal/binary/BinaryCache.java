package io.github.consulembedded.internal.binary;

import io.github.consulembedded.BinaryUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The on-disk cache: {@code <root>/<version>/<os>_<arch>/consul} plus a {@code consul.verified}
 * marker holding the archive's SHA-256. The marker is written last, so a binary without one
 * (an interrupted install) is never trusted.
 */
final class BinaryCache {

    static final String TEMP_PREFIX = ".download-";
    private static final Pattern MARKER = Pattern.compile("([0-9a-f]{64})\\b.*", Pattern.DOTALL);

    private final Path root;

    BinaryCache(Path root) {
        this.root = root;
    }

    Slot slot(String version, Platform platform) {
        return new Slot(root.resolve(version).resolve(platform.id()), platform);
    }

    /** One version and platform's folder in the cache. */
    record Slot(Path dir, Platform platform) {

        Path executable() {
            return dir.resolve(platform.executableName());
        }

        Path marker() {
            return dir.resolve(platform.executableName() + ".verified");
        }

        Path lockFile() {
            return dir.resolve(".lock");
        }

        /**
         * Whether a finished install is here; when the expected archive checksum is known without
         * the network ({@code expectedOrNull}), the marker must name exactly that archive.
         */
        boolean holdsVerified(String expectedOrNull) {
            if (!Files.isRegularFile(executable()) || !Files.isExecutable(executable())) {
                return false;
            }
            Optional<String> verified = verifiedSha256();
            return verified.isPresent() && (expectedOrNull == null || verified.get().equals(expectedOrNull));
        }

        private Optional<String> verifiedSha256() {
            try {
                Matcher m = MARKER.matcher(Files.readString(marker(), StandardCharsets.UTF_8).trim());
                return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        void createDirectories() {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new BinaryUnavailableException("Cannot create the cache folder " + dir + " (" + e
                        + "); set consul.embedded.cache-dir / CONSUL_EMBEDDED_CACHE_DIR to a writable folder", e);
            }
        }

        Path newTempFile(String suffix) throws IOException {
            return Files.createTempFile(dir, TEMP_PREFIX, suffix);
        }

        /** Deletes what a crashed install left behind; only safe while holding the folder's lock. */
        void removeLeftovers() {
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, TEMP_PREFIX + "*")) {
                for (Path p : leftovers) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // Leftovers only waste space; a fresh install does not depend on them being gone.
            }
        }

        /** Moves a verified, extracted executable into place, then writes the marker. */
        void install(Path extracted, String archiveSha256, String archiveName) throws IOException {
            // Untrust the old install first: a crash between the two moves must not leave a stale marker.
            Files.deleteIfExists(marker());
            makeExecutable(extracted);
            moveIntoPlace(extracted, executable());
            Path markerTemp = newTempFile(".verified");
            try {
                Files.writeString(markerTemp, archiveSha256 + "  " + archiveName + "\n", StandardCharsets.UTF_8);
                moveIntoPlace(markerTemp, marker());
            } finally {
                Files.deleteIfExists(markerTemp);
            }
        }

        private static void makeExecutable(Path file) throws IOException {
            PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
            if (posix != null) {
                posix.setPermissions(PosixFilePermissions.fromString("rwxr-xr-x"));
            } else if (!file.toFile().setExecutable(true, false)) {
                throw new IOException("Cannot make " + file + " executable");
            }
        }

        private static void moveIntoPlace(Path source, Path target) throws IOException {
            try {
                Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
