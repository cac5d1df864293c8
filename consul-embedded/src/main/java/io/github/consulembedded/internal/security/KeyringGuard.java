package io.github.consulembedded.internal.security;

import io.github.consulembedded.ConsulEmbeddedException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Consul ignores the configured gossip key once a data dir holds a keyring ("LAN keyring exists
 * but -encrypt given, using keyring"): refuse to start rather than run with a key nobody asked for.
 */
public final class KeyringGuard {
    private KeyringGuard() {
    }

    /** Throws when {@code dataDir}'s keyring does not hold {@code wanted} (or holds a key although none is wanted). */
    public static void check(String node, Path dataDir, Optional<String> wanted) {
        List<String> stored = GossipKeys.storedKeys(dataDir);
        if (stored.isEmpty()) {
            return;
        }
        if (wanted.isEmpty()) {
            throw new ConsulEmbeddedException("the data dir " + dataDir + " of node " + node + " holds a gossip keyring "
                    + "(serf/local.keyring), so Consul would encrypt gossip with its stored key although no key was "
                    + "configured. Configure the stored key (encryptKey / encrypt(key)), or use a new data dir");
        }
        if (!stored.contains(wanted.get())) {
            throw new ConsulEmbeddedException("the data dir " + dataDir + " of node " + node + " holds a gossip keyring "
                    + "(serf/local.keyring) without the configured key; Consul would ignore the configured key and keep "
                    + "the stored one. Configure the stored key, or use a new data dir");
        }
    }
}
