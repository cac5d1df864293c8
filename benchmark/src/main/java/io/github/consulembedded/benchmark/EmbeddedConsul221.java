package io.github.consulembedded.benchmark;

import com.pszymczyk.consul.ConsulProcess;
import com.pszymczyk.consul.ConsulStarterBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The archived {@code com.pszymczyk.consul:embedded-consul} 2.2.1, run with our binary: it
 * looks for {@code <download dir>/consul} and downloads only when that file is missing, so the
 * benchmark copies the binary there first. It starts one {@code -dev} agent and returns from
 * {@code buildAndStart()} once its own check sees a leader ({@code /v1/status/leader}). Its
 * data and config folders are given explicitly: left to itself it leaves them in the temp dir.
 */
final class EmbeddedConsul221 {
    private final Path folder;
    private final Path downloadDir;
    private int starts;

    EmbeddedConsul221(Path binary, Path folder) throws IOException {
        this.folder = folder;
        this.downloadDir = folder.resolve("download");
        Files.createDirectories(downloadDir);
        Path target = downloadDir.resolve("consul");
        Files.copy(binary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        if (!Files.isExecutable(target)) {
            throw new IOException(target + " is not executable");
        }
    }

    /** One running embedded-consul agent; closing it stops the agent and removes its folders. */
    final class Run implements AutoCloseable {
        private final ConsulProcess process;
        private final Path runFolder;

        private Run(ConsulProcess process, Path runFolder) {
            this.process = process;
            this.runFolder = runFolder;
        }

        ConsulProcess process() {
            return process;
        }

        @Override
        public void close() {
            try {
                process.close();
            } finally {
                ScratchArea.deleteQuietly(runFolder);
            }
        }
    }

    /** Starts an agent; the folders are created before, so only {@code buildAndStart()} is in the timing. */
    Run start() throws IOException {
        Path runFolder = folder.resolve("run-" + (++starts));
        Path data = Files.createDirectories(runFolder.resolve("data"));
        Path config = Files.createDirectories(runFolder.resolve("config"));
        ConsulStarterBuilder builder = ConsulStarterBuilder.consulStarter()
                .withConsulBinaryDownloadDirectory(downloadDir)
                .withDataDirectory(data)
                .withConfigDir(config);
        return new Run(builder.buildAndStart(), runFolder);
    }
}
