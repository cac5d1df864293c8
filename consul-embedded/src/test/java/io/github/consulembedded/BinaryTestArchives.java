package io.github.consulembedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds stand-in Consul release archives: a zip whose {@code consul} entry is a tiny shell script. */
final class BinaryTestArchives {

    private BinaryTestArchives() {
    }

    /** A zip holding a {@code consul} script that prints {@code Consul v<version>} like the real one. */
    static byte[] fakeConsulZip(String version) {
        return zip("consul", script(version));
    }

    static String script(String version) {
        return "#!/bin/sh\necho \"Consul v" + version + "\"\necho \"Protocol 2 spoken by default\"\n";
    }

    static byte[] zip(String entryName, String content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(entryName));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256Sums(String version, String platform, byte[] archive) {
        return sha256(new byte[] {1}) + "  consul_" + version + "_freebsd_386.zip\n"
                + sha256(archive) + "  consul_" + version + "_" + platform + ".zip\n";
    }
}
