package io.github.consulembedded;

import static io.github.consulembedded.BinaryTestArchives.fakeConsulZip;
import static io.github.consulembedded.BinaryTestArchives.sha256;
import static io.github.consulembedded.BinaryTestArchives.sha256Sums;
import static io.github.consulembedded.BinaryTestMirror.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.consulembedded.internal.binary.Platform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the stand-in consul is a shell script")
class ConsulBinaryDownloadTest {

    private static final Platform LINUX = Platform.of("Linux", "amd64");
    private static final Platform APPLE_SILICON = Platform.of("Mac OS X", "aarch64");
    private static final String PINNED_1_4_2_LINUX = "ecdddbc87e7f882c3f9d94e8449865fde553e6f443234a1787414fdacef7af55";

    @TempDir
    Path cacheDir;

    private final BinaryTestMirror mirror = new BinaryTestMirror();

    @AfterEach
    void closeMirror() {
        mirror.close();
    }

    @Test
    void installsVerifiedArchiveThenServesItFromCacheWithoutRequests() throws Exception {
        byte[] archive = fakeConsulZip("1.5.0");
        mirror.serveSums("1.5.0", sha256Sums("1.5.0", "linux_amd64", archive))
                .serveArchive("1.5.0", "linux_amd64", ok(archive));

        ConsulBinary first = ConsulBinary.resolve(settings("1.5.0").build(), () -> LINUX);

        assertThat(first.source()).isEqualTo(ConsulBinary.Source.DOWNLOAD);
        assertThat(first.version()).isEqualTo("1.5.0");
        assertThat(first.executable()).isEqualTo(cacheDir.resolve("1.5.0/linux_amd64/consul"));
        assertThat(first.executable()).isExecutable();
        assertThat(firstLineOf(first.executable())).isEqualTo("Consul v1.5.0");
        assertThat(cacheDir.resolve("1.5.0/linux_amd64/consul.verified")).content().startsWith(sha256(archive));
        assertThat(first.toString()).contains(first.executable().toString(), "1.5.0");
        int requestsAfterDownload = mirror.totalRequests();

        ConsulBinary second = ConsulBinary.resolve(settings("1.5.0").build(), () -> LINUX);

        assertThat(second.source()).isEqualTo(ConsulBinary.Source.CACHE);
        assertThat(second.executable()).isEqualTo(first.executable());
        assertThat(mirror.totalRequests()).isEqualTo(requestsAfterDownload);
        assertThat(filesIn(cacheDir)).containsExactlyInAnyOrder(
                "1.5.0/linux_amd64/.lock", "1.5.0/linux_amd64/consul", "1.5.0/linux_amd64/consul.verified");
    }

    @Test
    void rejectsArchiveWithWrongChecksum() throws Exception {
        byte[] published = fakeConsulZip("1.5.0");
        byte[] served = fakeConsulZip("6.6.6");
        mirror.serveSums("1.5.0", sha256Sums("1.5.0", "linux_amd64", published))
                .serveArchive("1.5.0", "linux_amd64", ok(served));

        assertThatThrownBy(() -> ConsulBinary.resolve(settings("1.5.0").build(), () -> LINUX))
                .isInstanceOfSatisfying(ChecksumMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(sha256(published));
                    assertThat(e.actual()).isEqualTo(sha256(served));
                    assertThat(e.url()).hasPath("/consul/1.5.0/consul_1.5.0_linux_amd64.zip");
                    assertThat(e).hasMessageContainingAll(sha256(published), sha256(served), e.url().toString());
                });
        assertThat(filesIn(cacheDir)).containsExactly("1.5.0/linux_amd64/.lock");
    }

    @Test
    void retriesTruncatedTransferOnceThenFailsLeavingNothing() throws Exception {
        mirror.serveArchive("1.4.2", "linux_amd64", truncated(fakeConsulZip("1.4.2")));
        BinarySettings settings = settings("1.4.2").sha256(sha256(fakeConsulZip("1.4.2"))).build();

        assertThatThrownBy(() -> ConsulBinary.resolve(settings, () -> LINUX))
                .isExactlyInstanceOf(BinaryUnavailableException.class)
                .hasMessageContainingAll("consul_1.4.2_linux_amd64.zip", "failed twice", "nothing was installed");
        assertThat(mirror.archiveRequests("1.4.2", "linux_amd64")).isEqualTo(2);
        assertThat(filesIn(cacheDir)).containsExactly("1.4.2/linux_amd64/.lock");
    }

    @Test
    void installsWhenSecondAttemptSucceedsAfterBrokenTransfer() throws Exception {
        byte[] archive = fakeConsulZip("1.4.2");
        mirror.serveArchive("1.4.2", "linux_amd64", truncated(archive), ok(archive));

        ConsulBinary binary = ConsulBinary.resolve(settings("1.4.2").sha256(sha256(archive)).build(), () -> LINUX);

        assertThat(binary.source()).isEqualTo(ConsulBinary.Source.DOWNLOAD);
        assertThat(firstLineOf(binary.executable())).isEqualTo("Consul v1.4.2");
        assertThat(mirror.archiveRequests("1.4.2", "linux_amd64")).isEqualTo(2);
    }

    @Test
    void retriesServerErrorOnce() throws Exception {
        byte[] archive = fakeConsulZip("1.4.2");
        mirror.serveArchive("1.4.2", "linux_amd64", new MockResponse.Builder().code(503).build(), ok(archive));

        ConsulBinary binary = ConsulBinary.resolve(settings("1.4.2").sha256(sha256(archive)).build(), () -> LINUX);

        assertThat(binary.source()).isEqualTo(ConsulBinary.Source.DOWNLOAD);
        assertThat(mirror.archiveRequests("1.4.2", "linux_amd64")).isEqualTo(2);
    }

    @Test
    void explicitSha256OverridesPinnedChecksumAndCacheServesWhenMirrorIsGone() throws Exception {
        byte[] archive = fakeConsulZip("1.4.2");
        mirror.serveArchive("1.4.2", "linux_amd64", ok(archive));
        BinarySettings settings = settings("1.4.2").sha256(sha256(archive).toUpperCase()).build();

        ConsulBinary downloaded = ConsulBinary.resolve(settings, () -> LINUX);
        assertThat(downloaded.source()).isEqualTo(ConsulBinary.Source.DOWNLOAD);
        assertThat(firstLineOf(downloaded.executable())).isEqualTo("Consul v1.4.2");
        assertThat(mirror.totalRequests()).isEqualTo(1);
        mirror.close();

        ConsulBinary cached = ConsulBinary.resolve(settings, () -> LINUX);
        assertThat(cached.source()).isEqualTo(ConsulBinary.Source.CACHE);
        assertThat(cached.executable()).isEqualTo(downloaded.executable());
    }

    @Test
    void pinnedChecksumRefusesFakeDefaultVersionArchive() {
        byte[] fake = fakeConsulZip("1.4.2");
        mirror.serveArchive("1.4.2", "linux_amd64", ok(fake));

        assertThatThrownBy(() -> ConsulBinary.resolve(settings("1.4.2").build(), () -> LINUX))
                .isInstanceOfSatisfying(ChecksumMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(PINNED_1_4_2_LINUX);
                    assertThat(e.actual()).isEqualTo(sha256(fake));
                })
                .hasMessageContainingAll(PINNED_1_4_2_LINUX, "pinned");
        assertThat(mirror.totalRequests()).as("pinned versions need no SHA256SUMS").isEqualTo(1);
    }

    @Test
    void cachedFakeIsNotTrustedOnceTheExplicitSha256IsRemoved() {
        byte[] fake = fakeConsulZip("1.4.2");
        mirror.serveArchive("1.4.2", "linux_amd64", ok(fake));
        ConsulBinary.resolve(settings("1.4.2").sha256(sha256(fake)).build(), () -> LINUX);

        assertThatThrownBy(() -> ConsulBinary.resolve(settings("1.4.2").build(), () -> LINUX))
                .isInstanceOf(ChecksumMismatchException.class);
    }

    @Test
    void binaryWithoutMarkerIsDownloadedAgain() throws Exception {
        byte[] archive = fakeConsulZip("1.4.2");
        mirror.serveArchive("1.4.2", "linux_amd64", ok(archive));
        Path dir = Files.createDirectories(cacheDir.resolve("1.4.2/linux_amd64"));
        Files.writeString(dir.resolve("consul"), "#!/bin/sh\necho half-written\n");
        dir.resolve("consul").toFile().setExecutable(true);
        Files.writeString(dir.resolve(".download-123.zip"), "left by a crashed install");

        ConsulBinary binary = ConsulBinary.resolve(settings("1.4.2").sha256(sha256(archive)).build(), () -> LINUX);

        assertThat(binary.source()).isEqualTo(ConsulBinary.Source.DOWNLOAD);
        assertThat(firstLineOf(binary.executable())).isEqualTo("Consul v1.4.2");
        assertThat(filesIn(cacheDir)).containsExactlyInAnyOrder(
                "1.4.2/linux_amd64/.lock", "1.4.2/linux_amd64/consul", "1.4.2/linux_amd64/consul.verified");
    }

    @Test
    void twoThreadsResolvingAtOnceDownloadOnce() throws Exception {
        byte[] archive = fakeConsulZip("1.4.2");
        mirror.serveArchive("1.4.2", "linux_amd64", slow(archive));
        BinarySettings settings = settings("1.4.2").sha256(sha256(archive)).build();
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<ConsulBinary>> results = Stream.generate(() -> pool.submit(() -> {
                start.await();
                return ConsulBinary.resolve(settings, () -> LINUX);
            })).limit(2).collect(Collectors.toList());

            ConsulBinary a = results.get(0).get(15, TimeUnit.SECONDS);
            ConsulBinary b = results.get(1).get(15, TimeUnit.SECONDS);
            assertThat(a.executable()).isEqualTo(b.executable());
            assertThat(List.of(a.source(), b.source()))
                    .containsExactlyInAnyOrder(ConsulBinary.Source.DOWNLOAD, ConsulBinary.Source.CACHE);
            assertThat(mirror.archiveRequests("1.4.2", "linux_amd64")).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reportsProgressAtMostOnceASecondAndEndsWithDone() {
        byte[] archive = fakeConsulZip("1.4.2");
        mirror.serveArchive("1.4.2", "linux_amd64", slow(archive));
        List<DownloadProgress> reports = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();

        ConsulBinary.resolve(settings("1.4.2").sha256(sha256(archive)).progressListener(reports::add).build(),
                () -> LINUX);

        double seconds = (System.nanoTime() - started) / 1e9;
        DownloadProgress last = reports.get(reports.size() - 1);
        assertThat(last.done()).isTrue();
        assertThat(last.bytesRead()).isEqualTo(archive.length);
        assertThat(last.totalBytes()).isEqualTo(archive.length);
        assertThat(last.percent()).isEqualTo(100);
        assertThat(last.url()).hasPath(BinaryTestMirror.archivePath("1.4.2", "linux_amd64"));
        assertThat(reports.subList(0, reports.size() - 1))
                .allSatisfy(p -> assertThat(p.done()).isFalse())
                .hasSizeLessThanOrEqualTo((int) seconds);
    }

    @Test
    void offlineWithEmptyCacheNamesTheCachePathAndHowToProceed() {
        assertThatThrownBy(() -> ConsulBinary.resolve(settings("1.4.2").offline(true).build(), () -> LINUX))
                .isExactlyInstanceOf(BinaryUnavailableException.class)
                .hasMessageContainingAll(cacheDir.resolve("1.4.2/linux_amd64/consul").toString(),
                        "consul.embedded.binary / CONSUL_BINARY",
                        "consul.embedded.download-url / CONSUL_EMBEDDED_DOWNLOAD_URL");
        assertThat(mirror.totalRequests()).isZero();
    }

    @Test
    void offlineUsesCachedBinary() {
        byte[] archive = fakeConsulZip("1.4.2");
        mirror.serveArchive("1.4.2", "linux_amd64", ok(archive));
        BinarySettings online = settings("1.4.2").sha256(sha256(archive)).build();
        ConsulBinary.resolve(online, () -> LINUX);

        ConsulBinary offline = ConsulBinary.resolve(online.newBuilder().offline(true).build(), () -> LINUX);

        assertThat(offline.source()).isEqualTo(ConsulBinary.Source.CACHE);
        assertThat(mirror.totalRequests()).isEqualTo(1);
    }

    @Test
    void missingArchiveNamesUrlAndSaysVersionMayNotExist() {
        BinarySettings settings = settings("1.4.2").sha256(sha256(new byte[0])).build();

        assertThatThrownBy(() -> ConsulBinary.resolve(settings, () -> LINUX))
                .isExactlyInstanceOf(BinaryUnavailableException.class)
                .hasMessageContainingAll(mirror.baseUrl().resolve(
                        "consul/1.4.2/consul_1.4.2_linux_amd64.zip").toString(), "404", "may not exist");
        assertThat(mirror.totalRequests()).as("404 is not retried").isEqualTo(1);
    }

    @Test
    void sha256SumsWithoutLineForPlatformIsClearError() {
        mirror.serveSums("1.5.0", sha256Sums("1.5.0", "windows_amd64", new byte[] {7}));

        assertThatThrownBy(() -> ConsulBinary.resolve(settings("1.5.0").build(), () -> LINUX))
                .isExactlyInstanceOf(BinaryUnavailableException.class)
                .hasMessageContainingAll("consul_1.5.0_SHA256SUMS", "no line for consul_1.5.0_linux_amd64.zip");
        assertThat(mirror.archiveRequests("1.5.0", "linux_amd64")).isZero();
    }

    @Test
    void unreachableMirrorSaysHowToProceed() {
        BinarySettings settings = settings("1.4.2").sha256(sha256(new byte[0])).build();
        mirror.close();

        assertThatThrownBy(() -> ConsulBinary.resolve(settings, () -> LINUX))
                .isExactlyInstanceOf(BinaryUnavailableException.class)
                .hasMessageContainingAll("Cannot connect", "set consul.embedded.binary / CONSUL_BINARY to a consul "
                        + "executable, or consul.embedded.download-url / CONSUL_EMBEDDED_DOWNLOAD_URL to a mirror "
                        + "laid out like https://releases.hashicorp.com");
    }

    @Test
    void appleSiliconUsesAmd64BuildWhenReleaseHasNoArm64One() throws Exception {
        byte[] archive = fakeConsulZip("1.5.0");
        mirror.serveSums("1.5.0", sha256Sums("1.5.0", "darwin_amd64", archive))
                .serveArchive("1.5.0", "darwin_amd64", ok(archive));

        ConsulBinary binary = ConsulBinary.resolve(settings("1.5.0").build(), () -> APPLE_SILICON);

        assertThat(binary.executable()).isEqualTo(cacheDir.resolve("1.5.0/darwin_amd64/consul"));
        assertThat(mirror.archiveRequests("1.5.0", "darwin_arm64")).isZero();
        assertThat(ConsulBinary.resolve(settings("1.5.0").build(), () -> APPLE_SILICON).source())
                .isEqualTo(ConsulBinary.Source.CACHE);
    }

    @Test
    void appleSiliconGoesStraightToAmd64For142() {
        byte[] archive = fakeConsulZip("1.4.2");
        mirror.serveArchive("1.4.2", "darwin_amd64", ok(archive));

        ConsulBinary binary = ConsulBinary.resolve(settings("1.4.2").sha256(sha256(archive)).build(),
                () -> APPLE_SILICON);

        assertThat(binary.executable()).isEqualTo(cacheDir.resolve("1.4.2/darwin_amd64/consul"));
        assertThat(mirror.totalRequests()).isEqualTo(1);
    }

    @Test
    void appleSiliconPrefersArm64BuildWhenPublished() {
        byte[] archive = fakeConsulZip("1.12.0");
        mirror.serveSums("1.12.0", sha256Sums("1.12.0", "darwin_arm64", archive))
                .serveArchive("1.12.0", "darwin_arm64", ok(archive));

        ConsulBinary binary = ConsulBinary.resolve(settings("1.12.0").build(), () -> APPLE_SILICON);

        assertThat(binary.executable()).isEqualTo(cacheDir.resolve("1.12.0/darwin_arm64/consul"));
    }

    @Test
    void archiveWithoutConsulEntryIsRefused() throws Exception {
        byte[] archive = BinaryTestArchives.zip("../consul", "#!/bin/sh\n");
        mirror.serveArchive("1.4.2", "linux_amd64", ok(archive));

        assertThatThrownBy(() -> ConsulBinary.resolve(settings("1.4.2").sha256(sha256(archive)).build(), () -> LINUX))
                .isExactlyInstanceOf(BinaryUnavailableException.class)
                .hasMessageContainingAll("no top-level 'consul' entry", "../consul");
        assertThat(filesIn(cacheDir)).containsExactly("1.4.2/linux_amd64/.lock");
        assertThat(cacheDir.getParent().resolve("consul")).doesNotExist();
    }

    @Test
    void unsupportedPlatformIsNamed() {
        assertThatThrownBy(() -> ConsulBinary.resolve(settings("1.4.2").build(), () -> Platform.of("Plan 9", "mips")))
                .isExactlyInstanceOf(BinaryUnavailableException.class)
                .hasMessageContainingAll("os.name='Plan 9'", "os.arch='mips'");
    }

    private BinarySettings.Builder settings(String version) {
        return BinarySettings.from(new Properties(), Map.of()).newBuilder()
                .version(version)
                .cacheDir(cacheDir)
                .downloadUrl(mirror.baseUrl())
                .connectTimeout(java.time.Duration.ofSeconds(2))
                .readTimeout(java.time.Duration.ofSeconds(5));
    }

    private static MockResponse truncated(byte[] archive) {
        return new MockResponse.Builder().body(new Buffer().write(archive))
                .onResponseBody(new SocketEffect.CloseSocket()).build();
    }

    /** About 1.2 s for a few hundred bytes: long enough for other resolvers to arrive and for a progress report. */
    static MockResponse slow(byte[] archive) {
        long perPeriod = Math.max(1, archive.length / 6);
        return new MockResponse.Builder().body(new Buffer().write(archive))
                .throttleBody(perPeriod, 200, TimeUnit.MILLISECONDS).build();
    }

    static String firstLineOf(Path executable) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(executable.toString(), "version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output.lines().findFirst().orElse("");
    }

    /** Every regular file under {@code dir}, relative and with forward slashes. */
    static List<String> filesIn(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(p -> dir.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }
}
