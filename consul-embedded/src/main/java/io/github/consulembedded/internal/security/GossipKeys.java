package io.github.consulembedded.internal.security;

import io.github.consulembedded.ConsulEmbeddedException;

import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.json.JsonNode;
import io.github.consulembedded.internal.json.JsonParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Gossip encryption keys: generation ({@code consul keygen}'s format), validation, and the
 * keyring a data dir keeps. Consul ignores {@code encrypt} once a data dir holds a keyring, so a
 * persistent agent keeps its first key; {@link #storedKeys(Path)} lets the library detect that.
 */
public final class GossipKeys {
    private GossipKeys() {
    }

    /**
     * Created on the first key generated: the JDK's security providers take about 15 ms to set
     * up in a fresh JVM, and every agent's start reads keyrings here without needing them.
     */
    private static final class Random {
        static final SecureRandom SOURCE = new SecureRandom();
    }

    /** A new key: 16 random bytes from {@link SecureRandom}, base64-encoded. */
    public static String generate() {
        byte[] key = new byte[16];
        Random.SOURCE.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /**
     * Checks that {@code key} is base64 of 16, 24 or 32 bytes, as Consul requires.
     *
     * @throws IllegalArgumentException naming the problem (never the key itself)
     */
    public static String validate(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("gossip encryption key must not be blank; generate one with `consul keygen`");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("gossip encryption key is not valid base64 (" + e.getMessage()
                    + "); generate one with `consul keygen`", e);
        }
        if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
            throw new IllegalArgumentException("gossip encryption key must decode to 16, 24 or 32 bytes, decoded to "
                    + raw.length + "; generate one with `consul keygen`");
        }
        return key.trim();
    }

    /** The keys in the LAN keyring of {@code dataDir} ({@code serf/local.keyring}), empty if none. */
    public static List<String> storedKeys(Path dataDir) {
        Path keyring = dataDir.resolve("serf").resolve("local.keyring");
        if (!Files.isRegularFile(keyring)) {
            return List.of();
        }
        try {
            JsonNode keys = Json.read(Files.readString(keyring, StandardCharsets.UTF_8));
            List<String> out = new ArrayList<>();
            keys.forEach(k -> out.add(k.asText()));
            return out;
        } catch (IOException | JsonParseException e) {
            throw new ConsulEmbeddedException("cannot read the gossip keyring " + keyring + ": " + e.getMessage(), e);
        }
    }
}
