package io.github.consulembedded.internal.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryFactsTest {
    @TempDir
    Path dir;
    private String previousWorkDir;

    @BeforeEach
    void useATemporaryWorkArea() {
        previousWorkDir = System.getProperty("consul.embedded.work-dir");
        System.setProperty("consul.embedded.work-dir", dir.resolve("work").toString());
    }

    @AfterEach
    void restoreTheWorkArea() {
        if (previousWorkDir == null) {
            System.clearProperty("consul.embedded.work-dir");
        } else {
            System.setProperty("consul.embedded.work-dir", previousWorkDir);
        }
    }

    @Test
    void computesAFactOnceForAnUnchangedFileAndAgainWhenItChanges() throws Exception {
        Path exe = Files.writeString(dir.resolve("consul"), "v1", StandardCharsets.UTF_8);
        AtomicInteger asked = new AtomicInteger();
        String fact = "test-" + System.nanoTime();

        assertThat(BinaryFacts.remembered(exe, fact, f -> "answer-" + asked.incrementAndGet())).isEqualTo("answer-1");
        assertThat(BinaryFacts.remembered(exe, fact, f -> "answer-" + asked.incrementAndGet())).isEqualTo("answer-1");

        Files.writeString(exe, "version two", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(exe, FileTime.fromMillis(Files.getLastModifiedTime(exe).toMillis() + 5_000));
        assertThat(BinaryFacts.remembered(exe, fact, f -> "answer-" + asked.incrementAndGet())).isEqualTo("answer-2");
        assertThat(asked).hasValue(2);
    }

    @Test
    void storesTheFactWithTheFilesStampInTheWorkAreaForTheNextJvm() throws Exception {
        Path exe = Files.writeString(dir.resolve("consul"), "binary", StandardCharsets.UTF_8);
        String fact = "stored-" + System.nanoTime();

        BinaryFacts.remembered(exe, fact, f -> "1.8.7");

        List<Path> stored;
        try (Stream<Path> files = Files.list(dir.resolve("work").resolve("binary-facts"))) {
            stored = files.filter(f -> f.getFileName().toString().startsWith(fact + "-")).toList();
        }
        assertThat(stored).singleElement().satisfies(file -> {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).startsWith(fact + " " + exe.toRealPath() + " " + Files.size(exe) + " ");
            assertThat(lines.get(1)).isEqualTo("1.8.7");
        });
        try (Stream<Path> files = Files.list(dir.resolve("work").resolve("binary-facts"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void remembersNothingWhenComputingFails() throws Exception {
        Path exe = Files.writeString(dir.resolve("consul"), "broken", StandardCharsets.UTF_8);
        String fact = "failing-" + System.nanoTime();

        assertThatThrownBy(() -> BinaryFacts.remembered(exe, fact, f -> {
            throw new IllegalStateException("not a consul executable");
        })).hasMessage("not a consul executable");

        assertThat(BinaryFacts.remembered(exe, fact, f -> "1.4.2")).isEqualTo("1.4.2");
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThatThrownBy(() -> BinaryFacts.remembered(dir.resolve("nothing"), "version", f -> "x"))
                .isInstanceOf(NoSuchFileException.class);
    }
}
