package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.internal.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The services and checks an agent keeps in its data dir ({@code services/}, {@code checks/}, one
 * JSON file each, in Consul 1.4 and 1.8 alike): what a stopped agent registers again when it
 * comes back, although the catalog may have forgotten it when it left.
 */
final class PersistedRegistrations {
    private PersistedRegistrations() {
    }

    static List<String> serviceIds(Path dataDir) {
        return ids(dataDir.resolve("services"), "Service", "ID");
    }

    static List<String> checkIds(Path dataDir) {
        return ids(dataDir.resolve("checks"), "Check", "CheckID");
    }

    private static List<String> ids(Path folder, String object, String field) {
        List<String> ids = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return ids;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                try {
                    String id = Json.parseObject(file.toString(), Files.readString(file, StandardCharsets.UTF_8))
                            .path(object).path(field).asText("");
                    ids.add(id.isEmpty() ? file.getFileName().toString() : id);
                } catch (IOException | IllegalArgumentException e) {
                    // Half written or another format: still something the agent may load, so name the file.
                    ids.add(file.getFileName().toString());
                }
            }
        } catch (IOException e) {
            ids.add(folder + " (unreadable: " + e.getMessage() + ")");
        }
        return ids;
    }
}
