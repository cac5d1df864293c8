package io.github.consulembedded.internal.binary;

import io.github.consulembedded.BinaryUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Takes the one executable out of a Consul release archive. Entry names are only compared,
 * never turned into paths, so an entry like {@code ../consul} cannot write outside the target.
 */
final class ZipExtraction {

    private ZipExtraction() {
    }

    /** Copies the entry named exactly {@code executableName} to {@code target}; other entries (a LICENSE) are ignored. */
    static void extractExecutable(Path archive, String executableName, Path target, Object source) {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry found = null;
            List<String> names = new ArrayList<>();
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                names.add(entry.getName());
                if (!entry.isDirectory() && entry.getName().equals(executableName)) {
                    if (found != null) {
                        throw new BinaryUnavailableException("The archive from " + source
                                + " holds more than one '" + executableName + "' entry; refusing to guess");
                    }
                    found = entry;
                }
            }
            if (found == null) {
                throw new BinaryUnavailableException("The archive from " + source + " has no top-level '"
                        + executableName + "' entry (it holds " + names + ")");
            }
            try (InputStream in = zip.getInputStream(found)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new BinaryUnavailableException("Cannot unpack the archive from " + source + ": " + e, e);
        }
    }
}
