package io.github.consulembedded;

import io.github.consulembedded.internal.binary.DownloadProgressLogger;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the Consul executable comes from: an explicit binary, or a version fetched from a
 * release site (or mirror) into a local cache. Every setting can be given in code, as a system
 * property or as an environment variable, in that order of precedence; see {@link #from}.
 * Downloads honour the JVM's standard proxy properties ({@code https.proxyHost}, {@code https.proxyPort},
 * {@code http.nonProxyHosts}) and follow redirects.
 */
public final class BinarySettings {

    /** The Consul version used when none is configured. */
    public static final String DEFAULT_VERSION = "1.4.2";

    /** HashiCorp's release site; a mirror must have the same layout. */
    public static final URI DEFAULT_DOWNLOAD_URL = URI.create("https://releases.hashicorp.com");

    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern VERSION = Pattern.compile("1\\.(\\d+)\\.(\\d+)(?:[-+][0-9A-Za-z.+-]+)?");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");

    /** The externally configurable settings with their property and environment names. */
    enum Setting {
        BINARY("binary", "consul.embedded.binary", "CONSUL_BINARY"),
        VERSION("version", "consul.embedded.version", "CONSUL_EMBEDDED_VERSION"),
        DOWNLOAD_URL("downloadUrl", "consul.embedded.download-url", "CONSUL_EMBEDDED_DOWNLOAD_URL"),
        SHA256("sha256", "consul.embedded.sha256", "CONSUL_EMBEDDED_SHA256"),
        CACHE_DIR("cacheDir", "consul.embedded.cache-dir", "CONSUL_EMBEDDED_CACHE_DIR"),
        OFFLINE("offline", "consul.embedded.offline", "CONSUL_EMBEDDED_OFFLINE");

        final String field;
        final String property;
        final String env;

        Setting(String field, String property, String env) {
            this.field = field;
            this.property = property;
            this.env = env;
        }
    }

    private final Path binary;
    private final String version;
    private final URI downloadUrl;
    private final String sha256;
    private final Path cacheDir;
    private final boolean offline;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final DownloadProgressListener progressListener;
    // Where each externally given value came from, so newBuilder() copies keep naming it in errors.
    private final Map<Setting, String> origins;

    private BinarySettings(Builder b, Path binary, String version, URI downloadUrl, String sha256,
            Path cacheDir, boolean offline) {
        this.binary = binary;
        this.version = version;
        this.downloadUrl = downloadUrl;
        this.sha256 = sha256;
        this.cacheDir = cacheDir;
        this.offline = offline;
        this.connectTimeout = b.connectTimeout;
        this.readTimeout = b.readTimeout;
        this.progressListener = b.progressListener;
        this.origins = new EnumMap<>(Setting.class);
        this.origins.putAll(b.origins);
    }

    /** Settings from this JVM's system properties and environment variables, with defaults for the rest. */
    public static BinarySettings defaults() {
        return builder().build();
    }

    /**
     * Settings from the given system properties and environment, with defaults for the rest.
     * A property wins over the environment variable for the same setting; blank values count as unset.
     */
    public static BinarySettings from(Properties sysProps, Map<String, String> env) {
        return load(sysProps, env).build();
    }

    /** A builder starting from {@link #defaults()}; values set on it win over properties and environment. */
    public static Builder builder() {
        return builder(System.getProperties(), System.getenv());
    }

    /** Like {@link #builder()} with injected properties and environment; validation waits for build(). */
    static Builder builder(Properties sysProps, Map<String, String> env) {
        return load(sysProps, env);
    }

    /** A builder holding these settings, to derive changed copies. */
    public Builder newBuilder() {
        Builder b = new Builder(null);
        b.binary = binary;
        b.version = version;
        b.downloadUrl = downloadUrl.toString();
        b.sha256 = sha256;
        b.cacheDir = cacheDir;
        b.offline = Boolean.toString(offline);
        b.connectTimeout = connectTimeout;
        b.readTimeout = readTimeout;
        b.progressListener = progressListener;
        b.origins.putAll(origins);
        return b;
    }

    private static Builder load(Properties props, Map<String, String> env) {
        Objects.requireNonNull(props, "sysProps");
        Objects.requireNonNull(env, "env");
        // Test and CLI callers often pass a bare Properties; the real home is the right default then.
        Builder b = new Builder(props.getProperty("user.home", System.getProperty("user.home")));
        for (Setting s : Setting.values()) {
            String value = props.getProperty(s.property);
            String origin = "system property " + s.property;
            if (isBlank(value)) {
                value = env.get(s.env);
                origin = "environment variable " + s.env;
            }
            if (isBlank(value)) {
                continue;
            }
            value = value.trim();
            switch (s) {
                case BINARY -> b.binary = toPath(s, value, origin);
                case VERSION -> b.version = value;
                case DOWNLOAD_URL -> b.downloadUrl = value;
                case SHA256 -> b.sha256 = value;
                case CACHE_DIR -> b.cacheDir = toPath(s, value, origin);
                case OFFLINE -> b.offline = value;
                default -> throw new AssertionError(s);
            }
            b.origins.put(s, origin);
        }
        return b;
    }

    private static Path toPath(Setting s, String value, String origin) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(
                    s.field + " must be a file system path, was '" + value + "' (from " + origin + ")", e);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    /** An explicit Consul executable to use instead of the cache and downloads. */
    public Optional<Path> binary() {
        return Optional.ofNullable(binary);
    }

    /** The Consul version to fetch, like {@code 1.4.2}. */
    public String version() {
        return version;
    }

    /** Base URL of the release site or mirror, laid out like {@link #DEFAULT_DOWNLOAD_URL}. */
    public URI downloadUrl() {
        return downloadUrl;
    }

    /** The archive's SHA-256 (lower-case hex), overriding the pinned value and the release's SHA256SUMS. */
    public Optional<String> sha256() {
        return Optional.ofNullable(sha256);
    }

    /** The directory holding verified binaries, one folder per version and platform. */
    public Path cacheDir() {
        return cacheDir;
    }

    /** Whether downloads are forbidden, so only an explicit binary or the cache can serve. */
    public boolean offline() {
        return offline;
    }

    /** How long to wait for a connection to the download site. */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long a download may go without receiving a byte. */
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Who hears about download progress; by default a log line at most once a second. */
    public DownloadProgressListener progressListener() {
        return progressListener;
    }

    /** Where the explicit binary came from, for error messages: code, a system property or an env var. */
    String binaryOrigin() {
        return origins.getOrDefault(Setting.BINARY, "code");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinarySettings other
                && Objects.equals(binary, other.binary)
                && version.equals(other.version)
                && downloadUrl.equals(other.downloadUrl)
                && Objects.equals(sha256, other.sha256)
                && cacheDir.equals(other.cacheDir)
                && offline == other.offline
                && connectTimeout.equals(other.connectTimeout)
                && readTimeout.equals(other.readTimeout)
                && progressListener.equals(other.progressListener);
    }

    @Override
    public int hashCode() {
        return Objects.hash(binary, version, downloadUrl, sha256, cacheDir, offline, connectTimeout,
                readTimeout, progressListener);
    }

    @Override
    public String toString() {
        return "BinarySettings{binary=" + binary + ", version=" + version + ", downloadUrl=" + downloadUrl
                + ", sha256=" + sha256 + ", cacheDir=" + cacheDir + ", offline=" + offline
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + "}";
    }

    /**
     * Collects settings; {@link #build()} validates them and names the field, the value and where
     * it came from in any error. Values set here win over system properties and environment.
     */
    public static final class Builder {
        private final String userHome;
        private final Map<Setting, String> origins = new EnumMap<>(Setting.class);
        private Path binary;
        private String version = DEFAULT_VERSION;
        private String downloadUrl = DEFAULT_DOWNLOAD_URL.toString();
        private String sha256;
        private Path cacheDir;
        private String offline;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration readTimeout = DEFAULT_READ_TIMEOUT;
        private DownloadProgressListener progressListener = DownloadProgressLogger.INSTANCE;

        private Builder(String userHome) {
            this.userHome = userHome;
        }

        /** Use this executable instead of the cache and downloads; {@code null} unsets it. */
        public Builder binary(Path binary) {
            this.binary = binary;
            origins.remove(Setting.BINARY);
            return this;
        }

        /** The Consul version to fetch, a 1.x release from 1.4.0 on, like {@code 1.4.2}. */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            origins.remove(Setting.VERSION);
            return this;
        }

        /** Base URL of a mirror laid out like {@link BinarySettings#DEFAULT_DOWNLOAD_URL}. */
        public Builder downloadUrl(URI downloadUrl) {
            return downloadUrl(Objects.requireNonNull(downloadUrl, "downloadUrl").toString());
        }

        /** Base URL of a mirror laid out like {@link BinarySettings#DEFAULT_DOWNLOAD_URL}. */
        public Builder downloadUrl(String downloadUrl) {
            this.downloadUrl = Objects.requireNonNull(downloadUrl, "downloadUrl");
            origins.remove(Setting.DOWNLOAD_URL);
            return this;
        }

        /** The expected SHA-256 of the archive (64 hex characters); {@code null} unsets it. */
        public Builder sha256(String sha256) {
            this.sha256 = sha256;
            origins.remove(Setting.SHA256);
            return this;
        }

        /** Where verified binaries are kept; defaults to {@code ~/.cache/consul-embedded}. */
        public Builder cacheDir(Path cacheDir) {
            this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
            origins.remove(Setting.CACHE_DIR);
            return this;
        }

        /** Forbid downloads: only an explicit binary or the cache may serve. */
        public Builder offline(boolean offline) {
            this.offline = Boolean.toString(offline);
            origins.remove(Setting.OFFLINE);
            return this;
        }

        /** How long to wait for a connection to the download site; default 10 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
            return this;
        }

        /** How long a download may go without receiving a byte; default 30 s. */
        public Builder readTimeout(Duration readTimeout) {
            this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
            return this;
        }

        /** Who hears about download progress; default logs at INFO at most once a second. */
        public Builder progressListener(DownloadProgressListener progressListener) {
            this.progressListener = Objects.requireNonNull(progressListener, "progressListener");
            return this;
        }

        /** Validates and returns the settings; messages name the field, the value and its origin. */
        public BinarySettings build() {
            requireNotNegative("connectTimeout", connectTimeout);
            requireNotNegative("readTimeout", readTimeout);
            return new BinarySettings(this, binary == null ? null : binary.toAbsolutePath().normalize(),
                    validVersion(), validDownloadUrl(), validSha256(), validCacheDir(), validOffline());
        }

        private static void requireNotNegative(String field, Duration d) {
            if (d.isNegative()) {
                throw new IllegalArgumentException(field + " must be >= 0 (0 means no timeout), was " + d);
            }
        }

        private String validVersion() {
            Matcher m = VERSION.matcher(version.trim());
            if (!m.matches() || !fitsInt(m.group(1)) || Integer.parseInt(m.group(1)) < 4) {
                throw invalid(Setting.VERSION, "must be a Consul 1.x release >= 1.4.0", version);
            }
            return version.trim();
        }

        private static boolean fitsInt(String digits) {
            return digits.length() <= 6;
        }

        private URI validDownloadUrl() {
            URI uri;
            try {
                uri = new URI(downloadUrl.trim());
            } catch (URISyntaxException e) {
                throw invalid(Setting.DOWNLOAD_URL, "must be an http or https URL", downloadUrl);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw invalid(Setting.DOWNLOAD_URL, "must be an http or https URL", downloadUrl);
            }
            return uri;
        }

        private String validSha256() {
            if (sha256 == null || sha256.isBlank()) {
                return null;
            }
            if (!SHA256.matcher(sha256.trim()).matches()) {
                throw invalid(Setting.SHA256, "must be 64 hex characters", sha256);
            }
            return sha256.trim().toLowerCase(Locale.ROOT);
        }

        private Path validCacheDir() {
            if (cacheDir != null) {
                return cacheDir.toAbsolutePath().normalize();
            }
            if (userHome == null || userHome.isBlank()) {
                throw new IllegalArgumentException("cacheDir must be set (consul.embedded.cache-dir / "
                        + "CONSUL_EMBEDDED_CACHE_DIR) because user.home is not known");
            }
            return Path.of(userHome, ".cache", "consul-embedded").toAbsolutePath().normalize();
        }

        private boolean validOffline() {
            if (offline == null) {
                return false;
            }
            String v = offline.trim().toLowerCase(Locale.ROOT);
            if (v.equals("true")) {
                return true;
            }
            if (v.equals("false")) {
                return false;
            }
            throw invalid(Setting.OFFLINE, "must be true or false", offline);
        }

        private IllegalArgumentException invalid(Setting s, String rule, String value) {
            String origin = origins.get(s);
            return new IllegalArgumentException(s.field + " " + rule + ", was '" + value + "'"
                    + (origin == null ? "" : " (from " + origin + ")"));
        }
    }
}
