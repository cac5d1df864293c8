package io.github.consulembedded.internal.reuse;

import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.ConsulBinary;
import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.json.ObjectNode;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The stable, serialized form of a spec that decides whether a reused cluster matches: every
 * component of {@link ClusterSpec} (read reflectively, so that a component added later takes
 * part too) except how the binary was found, plus the binary's version and SHA-256 and the OS
 * user. Two specs match when their keys are equal strings.
 */
public final class SpecKey {
    // Where the binary comes from does not matter, only what it is (version and checksum, below).
    private static final Set<String> LEFT_OUT = Set.of("binary", "binarySettings", "reuse");

    private SpecKey() {
    }

    /** The key of {@code spec} run with {@code binary}. */
    public static String of(ClusterSpec spec, ConsulBinary binary) {
        return of(spec, binary.version(), BinaryChecksums.sha256(binary.executable()));
    }

    static String of(ClusterSpec spec, String binaryVersion, String binarySha256) {
        Map<String, String> fields = new TreeMap<>();
        for (RecordComponent component : ClusterSpec.class.getRecordComponents()) {
            if (LEFT_OUT.contains(component.getName())) {
                continue;
            }
            try {
                fields.put(component.getName(), canonical(component.getAccessor().invoke(spec)));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + component.getName() + " of the spec", e);
            }
        }
        fields.put("binary.version", binaryVersion);
        fields.put("binary.sha256", binarySha256);
        fields.put("os.user", System.getProperty("user.name", ""));
        ObjectNode node = Json.object();
        fields.forEach(node::put);
        return Json.write(node);
    }

    /** A short name for the key, for folder names and logs: the first 12 hex digits of its SHA-256. */
    public static String shortHash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String canonical(Object value) {
        if (value instanceof Optional<?> optional) {
            return optional.map(SpecKey::canonical).orElse("");
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, String> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), canonical(v)));
            return sorted.toString();
        }
        return String.valueOf(value);
    }
}
