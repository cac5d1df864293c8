package io.github.consulembedded;

import static io.github.consulembedded.BinaryTestArchives.fakeConsulZip;
import static io.github.consulembedded.BinaryTestArchives.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.internal.binary.Platform;
import io.github.consulembedded.internal.ResolveMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the stand-in consul is a shell script")
class ConsulBinaryCrossProcessTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void twoProcessesResolvingAtOnceDownloadOnce() throws Exception {
        byte[] archive = fakeConsulZip("1.4.2");
        String platform = Platform.current().id();
        Path cacheDir = dir.resolve("cache");
        try (BinaryTestMirror mirror = new BinaryTestMirror()) {
            mirror.serveArchive("1.4.2", platform, ConsulBinaryDownloadTest.slow(archive));
            List<Process> processes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                processes.add(new ProcessBuilder(javaExecutable(), "-cp", System.getProperty("java.class.path"),
                        ResolveMain.class.getName(), cacheDir.toString(), mirror.baseUrl().toString(), "1.4.2",
                        sha256(archive))
                        .redirectErrorStream(true)
                        .redirectOutput(dir.resolve("resolver-" + i + ".log").toFile())
                        .start());
            }

            List<String> outputs = new ArrayList<>();
            for (int i = 0; i < processes.size(); i++) {
                Process p = processes.get(i);
                boolean finished = p.waitFor(25, TimeUnit.SECONDS);
                String output = Files.readString(dir.resolve("resolver-" + i + ".log"), StandardCharsets.UTF_8);
                if (!finished) {
                    p.destroyForcibly();
                }
                assertThat(finished).as(output).isTrue();
                assertThat(p.exitValue()).as(output).isZero();
                outputs.add(output);
            }

            assertThat(mirror.archiveRequests("1.4.2", platform)).isEqualTo(1);
            assertThat(outputs).filteredOn(o -> o.contains("source=DOWNLOAD")).hasSize(1);
            assertThat(outputs).filteredOn(o -> o.contains("source=CACHE")).hasSize(1);
            assertThat(ConsulBinaryDownloadTest.firstLineOf(cacheDir.resolve("1.4.2/" + platform + "/consul")))
                    .isEqualTo("Consul v1.4.2");
        }
    }

    private static String javaExecutable() throws IOException {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
