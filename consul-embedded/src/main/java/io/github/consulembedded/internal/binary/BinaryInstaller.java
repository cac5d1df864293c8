package io.github.consulembedded.internal.binary;

import io.github.consulembedded.BinarySettings;
import io.github.consulembedded.BinaryUnavailableException;
import io.github.consulembedded.ChecksumMismatchException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets a verified Consul executable for one version into the cache: a cache hit costs no
 * network at all; otherwise, under a cross-process lock, the archive is downloaded, checked
 * against an explicit, pinned or published SHA-256, unpacked and moved into place.
 */
public final class BinaryInstaller {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.consulembedded.ConsulBinary");

    private final BinarySettings settings;
    private final Platform platform;
    private final BinaryCache cache;

    /** Where the executable ended up, and whether this call had to download it. */
    public record Installed(Path executable, boolean downloaded) {
    }

    public BinaryInstaller(BinarySettings settings, Platform platform) {
        this.settings = settings;
        this.platform = platform;
        this.cache = new BinaryCache(settings.cacheDir());
    }

    /** Returns the cached executable, downloading and installing it first when needed and allowed. */
    @SuppressWarnings("try") // the lock is held for the block's duration, never read
    public Installed obtain() {
        List<Platform> candidates = platform.candidates(settings.version());
        Optional<Path> cached = findCached(candidates);
        if (cached.isPresent()) {
            return new Installed(cached.get(), false);
        }
        if (settings.offline()) {
            throw offlineMiss(candidates);
        }
        BinaryCache.Slot lockSlot = cache.slot(settings.version(), candidates.get(0));
        lockSlot.createDirectories();
        try (BinaryCacheLock lock = BinaryCacheLock.acquire(lockSlot.lockFile())) {
            cached = findCached(candidates);
            if (cached.isPresent()) {
                LOG.info("Consul {} was installed into {} by another thread or process meanwhile",
                        settings.version(), cached.get());
                return new Installed(cached.get(), false);
            }
            BinaryDownloader downloader = new BinaryDownloader(settings.connectTimeout(), settings.readTimeout(),
                    settings.progressListener());
            return new Installed(download(downloader, candidates), true);
        }
    }

    private Optional<Path> findCached(List<Platform> candidates) {
        for (Platform p : candidates) {
            BinaryCache.Slot slot = cache.slot(settings.version(), p);
            if (slot.holdsVerified(knownChecksum(p).orElse(null))) {
                return Optional.of(slot.executable());
            }
        }
        return Optional.empty();
    }

    /** The checksum known without the network: the setting, else a pinned value. */
    private Optional<String> knownChecksum(Platform p) {
        return settings.sha256().or(() -> PinnedChecksums.lookup(settings.version(), p));
    }

    private Path download(BinaryDownloader downloader, List<Platform> candidates) {
        String version = settings.version();
        Platform target = candidates.get(0);
        Sha256Sums sums = null;
        if (candidates.size() > 1) {
            // Apple Silicon: only the release's SHA256SUMS says whether a darwin_arm64 build exists.
            try {
                sums = fetchSums(downloader);
            } catch (BinaryUnavailableException e) {
                if (settings.sha256().isEmpty()) {
                    throw e;
                }
                LOG.warn("Cannot read the SHA256SUMS of Consul {} ({}); trying the {} build with the configured "
                        + "sha256", version, e.getMessage(), target.id());
            }
            Platform fallback = candidates.get(1);
            if (sums != null && sums.find(archiveName(target)).isEmpty()
                    && sums.find(archiveName(fallback)).isPresent()) {
                target = fallback;
            }
        }
        if (!target.equals(platform)) {
            LOG.info("Consul {} has no {} build; using {}, which runs under Rosetta", version, platform.id(),
                    target.id());
        }

        String expected;
        String expectedFrom;
        Optional<String> known = knownChecksum(target);
        if (known.isPresent()) {
            expected = known.get();
            expectedFrom = settings.sha256().isPresent()
                    ? "the sha256 setting"
                    : "the value pinned in consul-embedded for Consul " + version + " " + target.id();
        } else {
            if (sums == null) {
                sums = fetchSums(downloader);
            }
            expected = sums.require(archiveName(target));
            expectedFrom = sums.source().toString();
        }

        BinaryCache.Slot slot = cache.slot(version, target);
        slot.createDirectories();
        slot.removeLeftovers();
        URI url = releaseFile(archiveName(target));
        BinaryDownloader.Downloaded zip = downloader.download(url, "Consul " + version + " for " + target.id(),
                slot.dir());
        try {
            if (!zip.sha256().equals(expected)) {
                throw new ChecksumMismatchException("SHA-256 mismatch for " + url + ": expected " + expected
                        + " (from " + expectedFrom + "), actual " + zip.sha256() + ". The download was discarded"
                        + " and nothing was installed. If the mirror serves a different build on purpose, set"
                        + " consul.embedded.sha256 / CONSUL_EMBEDDED_SHA256 to that build's SHA-256.",
                        url, expected, zip.sha256());
            }
            install(slot, zip.file(), url, expected, archiveName(target));
        } finally {
            deleteQuietly(zip.file());
        }
        LOG.info("Installed Consul {} for {} into {}", version, target.id(), slot.executable());
        return slot.executable();
    }

    private static void install(BinaryCache.Slot slot, Path zip, URI url, String sha256, String archiveName) {
        Path extracted = null;
        try {
            extracted = slot.newTempFile(".bin");
            ZipExtraction.extractExecutable(zip, slot.platform().executableName(), extracted, url);
            slot.install(extracted, sha256, archiveName);
        } catch (IOException e) {
            throw new BinaryUnavailableException("Cannot install Consul from " + url + " into " + slot.dir()
                    + " (" + e + "); set consul.embedded.cache-dir / CONSUL_EMBEDDED_CACHE_DIR to a writable folder",
                    e);
        } finally {
            deleteQuietly(extracted);
        }
    }

    private Sha256Sums fetchSums(BinaryDownloader downloader) {
        URI url = releaseFile("consul_" + settings.version() + "_SHA256SUMS");
        return Sha256Sums.parse(url, downloader.fetchText(url, "the SHA256SUMS of Consul " + settings.version()));
    }

    private String archiveName(Platform p) {
        return "consul_" + settings.version() + "_" + p.id() + ".zip";
    }

    private URI releaseFile(String fileName) {
        String base = settings.downloadUrl().toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + "/consul/" + settings.version() + "/" + fileName);
    }

    private BinaryUnavailableException offlineMiss(List<Platform> candidates) {
        String lookedAt = candidates.stream()
                .map(p -> cache.slot(settings.version(), p).executable().toString())
                .collect(Collectors.joining(" and "));
        return new BinaryUnavailableException("Consul " + settings.version() + " is not in the cache (looked for a"
                + " verified " + lookedAt + ") and downloads are off (consul.embedded.offline /"
                + " CONSUL_EMBEDDED_OFFLINE). To proceed: " + DownloadHints.HOW_TO_PROCEED
                + ", or allow downloading once to fill the cache");
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debug("Cannot delete temp file {}", file, e);
        }
    }
}
