package io.github.consulembedded.internal.binary;

import io.github.consulembedded.BinaryUnavailableException;
import java.util.List;
import java.util.Locale;

/**
 * An operating system and CPU architecture in HashiCorp's release naming ({@code linux_amd64}).
 * Built from {@code os.name}/{@code os.arch} strings so tests can pretend to be any machine.
 */
public record Platform(String os, String arch) {

    /** The machine this JVM runs on. */
    public static Platform current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /** Maps Java's {@code os.name} and {@code os.arch} values; throws when Consul has no build for them. */
    public static Platform of(String osName, String osArch) {
        String os = os(osName.toLowerCase(Locale.ROOT).trim());
        String arch = arch(osArch.toLowerCase(Locale.ROOT).trim());
        if (os == null || arch == null) {
            throw new BinaryUnavailableException("Consul publishes no build for os.name='" + osName
                    + "', os.arch='" + osArch + "' (known: linux, darwin, windows, freebsd, solaris on amd64, "
                    + "arm64, 386, arm). To proceed: " + DownloadHints.HOW_TO_PROCEED);
        }
        return new Platform(os, arch);
    }

    private static String os(String name) {
        if (name.startsWith("linux")) {
            return "linux";
        }
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return "darwin";
        }
        if (name.startsWith("windows")) {
            return "windows";
        }
        if (name.startsWith("freebsd")) {
            return "freebsd";
        }
        if (name.startsWith("sunos") || name.startsWith("solaris")) {
            return "solaris";
        }
        return null;
    }

    private static String arch(String name) {
        return switch (name) {
            case "amd64", "x86_64", "x64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "x86", "i386", "i486", "i586", "i686" -> "386";
            case "arm", "arm32", "armv7", "armv7l", "armv6l" -> "arm";
            default -> null;
        };
    }

    /** {@code os_arch}, as used in archive names and cache folders. */
    public String id() {
        return os + "_" + arch;
    }

    /** The executable's file name inside the archive and the cache. */
    public String executableName() {
        return os.equals("windows") ? "consul.exe" : "consul";
    }

    /**
     * The archive platforms that can serve this machine, preferred first. Apple Silicon also runs
     * darwin_amd64 under Rosetta, the only choice for versions with no darwin_arm64 build (all 1.4.x).
     */
    public List<Platform> candidates(String version) {
        if (isDarwinArm64()) {
            Platform rosetta = new Platform("darwin", "amd64");
            return version.startsWith("1.4.") ? List.of(rosetta) : List.of(this, rosetta);
        }
        return List.of(this);
    }

    boolean isDarwinArm64() {
        return os.equals("darwin") && arch.equals("arm64");
    }

    @Override
    public String toString() {
        return id();
    }
}
