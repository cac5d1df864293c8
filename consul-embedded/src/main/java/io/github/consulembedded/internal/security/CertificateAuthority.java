package io.github.consulembedded.internal.security;

import io.github.consulembedded.internal.process.ManagedProcess;
import java.time.Duration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A CA and per-agent certificates made with the Consul binary's own {@code consul tls} commands
 * (present from 1.4.1), so no crypto library is needed. Server certificates carry
 * {@code server.<dc>.<domain>}; every certificate carries localhost and 127.0.0.1.
 */
public final class CertificateAuthority {
    private final Path executable;
    private final Path folder;
    private final Path caFile;
    private final Path caKey;

    private CertificateAuthority(Path executable, Path folder, Path caFile, Path caKey) {
        this.executable = executable;
        this.folder = folder;
        this.caFile = caFile;
        this.caKey = caKey;
    }

    /** Creates a new CA in {@code folder}, or reuses the one a persistent cluster made before. */
    public static CertificateAuthority createOrReuse(Path executable, Path folder) {
        Path caDir = folder.resolve("ca");
        try {
            Files.createDirectories(caDir);
            Path existingCa = find(caDir, false);
            Path existingKey = find(caDir, true);
            if (existingCa == null || existingKey == null) {
                run(executable, caDir, List.of("tls", "ca", "create"));
                existingCa = find(caDir, false);
                existingKey = find(caDir, true);
            }
            if (existingCa == null || existingKey == null) {
                throw new IllegalStateException("`consul tls ca create` in " + caDir + " produced no CA files");
            }
            return new CertificateAuthority(executable, folder, existingCa, existingKey);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the TLS CA in " + caDir, e);
        }
    }

    public Path caFile() {
        return caFile;
    }

    /**
     * The certificate and key for one agent, made once and kept in {@code <folder>/<node>}.
     *
     * @return {@code [certFile, keyFile]}
     */
    public List<Path> certificateFor(String node, boolean server, String datacenter, String domain) {
        Path dir = folder.resolve(node);
        try {
            Files.createDirectories(dir);
            Path cert = find(dir, false);
            Path key = find(dir, true);
            if (cert == null || key == null) {
                run(executable, dir, List.of("tls", "cert", "create", server ? "-server" : "-client",
                        "-dc=" + datacenter, "-domain=" + domain, "-ca=" + caFile, "-key=" + caKey));
                cert = find(dir, false);
                key = find(dir, true);
            }
            if (cert == null || key == null) {
                throw new IllegalStateException("`consul tls cert create` in " + dir + " produced no certificate");
            }
            return List.of(cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the TLS certificate of " + node + " in " + dir, e);
        }
    }

    private static Path find(Path dir, boolean key) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pem")) {
            for (Path file : files) {
                if (file.getFileName().toString().endsWith("-key.pem") == key) {
                    return file;
                }
            }
        }
        return null;
    }

    private static void run(Path executable, Path dir, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(args);
        ManagedProcess.Result result = ManagedProcess.run("consul-tls", command, dir, Duration.ofSeconds(30));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("`" + String.join(" ", command) + "` failed with exit code "
                    + result.exitCode() + ": " + result.output().trim() + ". TLS needs Consul 1.4.1 or later");
        }
    }
}
