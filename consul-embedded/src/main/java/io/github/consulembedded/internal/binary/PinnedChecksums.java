package io.github.consulembedded.internal.binary;

import java.util.Map;
import java.util.Optional;

/**
 * SHA-256 values of official archives compiled into the library, so the default version is
 * verified without trusting anything fetched over the network. Each was confirmed by two
 * independent public sources or a package-manager manifest.
 */
final class PinnedChecksums {

    private static final Map<String, String> PINNED = Map.of(
            "1.4.2/linux_amd64", "ecdddbc87e7f882c3f9d94e8449865fde553e6f443234a1787414fdacef7af55",
            "1.4.2/darwin_amd64", "f34cac59028a6916b781540c4f427e39fc19e76b5b7cb0163cb2d50280e8c0ba");

    private PinnedChecksums() {
    }

    static Optional<String> lookup(String version, Platform platform) {
        return Optional.ofNullable(PINNED.get(version + "/" + platform.id()));
    }
}
