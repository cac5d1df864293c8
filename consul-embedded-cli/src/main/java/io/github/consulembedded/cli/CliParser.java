package io.github.consulembedded.cli;

import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.BinarySettings;
import io.github.consulembedded.Timing;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses the local cluster command's arguments by hand: {@code --name value} or
 * {@code --name=value}, every option from one table that also writes the usage text. Each
 * error names the option and the value.
 */
final class CliParser {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    /** How one option changes the draft; {@code value} is null for flags. */
    @FunctionalInterface
    private interface Handler {
        void apply(Draft draft, String value) throws UsageException;
    }

    private record Option(String name, String argName, String help, Handler handler) {
        boolean takesValue() {
            return argName != null;
        }
    }

    private static final int USAGE_WIDTH = 100;
    private static final Map<String, Option> OPTIONS = new LinkedHashMap<>();

    static {
        add("--servers", "N", "number of servers per datacenter (default 3)", (d, v) -> d.servers = count("--servers", v, 1));
        add("--clients", "M", "number of client agents per datacenter (default 3)",
                (d, v) -> d.clients = count("--clients", v, 0));
        add("--datacenter", "NAME", "datacenter name (default dc1)", (d, v) -> {
            d.datacenters = List.of(v);
            d.datacenterGiven = true;
        });
        add("--datacenters", "DC1,DC2,...", "several datacenters federated over WAN, the first the primary; "
                + "each gets --servers servers and --clients clients (instead of --datacenter)", (d, v) -> {
            d.datacenters = datacenters(v);
            d.datacentersGiven = true;
        });
        add("--domain", "DOMAIN", "DNS domain the agents answer for (default cluster.local)", (d, v) -> d.domain = v);
        add("--recursor", "HOST[:PORT]", "upstream DNS server for other names; repeatable (default none)",
                (d, v) -> d.recursors.add(recursor(v)));
        add("--data-dir", "DIR", "keep the cluster in DIR across runs (default: a temporary folder removed on exit)",
                (d, v) -> d.dataDir = dataDir(v));
        add("--consul-version", "V", "Consul version to use (default " + BinarySettings.DEFAULT_VERSION
                + ", or consul.embedded.version / CONSUL_EMBEDDED_VERSION)", (d, v) -> d.consulVersion = v);
        add("--binary", "PATH", "consul executable to run instead of a downloaded one "
                + "(or consul.embedded.binary / CONSUL_BINARY)", (d, v) -> d.binary = path("--binary", v));
        add("--timing", "fast|production", "raft timing: fast elects a leader in about 2 s (default), "
                + "production keeps Consul's own timing", (d, v) -> d.timing = timing(v));
        add("--encrypt", null, "encrypt gossip on every agent, clients included, with a generated key",
                (d, v) -> d.encrypt = true);
        add("--acl", null, "turn on ACLs (default deny) with a generated master token, written to the status file",
                (d, v) -> d.acl = true);
        add("--tls", null, "turn on TLS: a generated CA, HTTPS only, verified RPC; the CA file is in the status file",
                (d, v) -> d.tls = true);
        add("--no-ui", null, "do not serve the web UI", (d, v) -> d.ui = false);
        add("--status-file", "FILE", "write the cluster's nodes, pids and addresses to FILE as JSON, "
                + "atomically, when ready and on every change; deleted on exit", (d, v) -> d.statusFile = statusFile(v));
        add("--list-reused", null, "list the clusters that tests left running for reuse (spec, pids, idle since) and exit",
                (d, v) -> d.listReused = true);
        add("--stop-reused", null, "stop every cluster that tests left running for reuse, print what was stopped, and exit",
                (d, v) -> d.stopReused = true);
        add("--help", null, "print this help and exit", (d, v) -> d.help = true);
        add("--version", null, "print the library version and the default Consul version, and exit",
                (d, v) -> d.version = true);
    }

    private CliParser() {
    }

    private static void add(String name, String argName, String help, Handler handler) {
        OPTIONS.put(name, new Option(name, argName, help, handler));
    }

    /** The option names, in usage order. */
    static List<String> optionNames() {
        return List.copyOf(OPTIONS.keySet());
    }

    /**
     * Parses and validates {@code args}; an option given twice keeps its last value, except the
     * repeatable {@code --recursor}.
     *
     * @throws UsageException naming the offending option and value
     */
    static CliOptions parse(List<String> args) throws UsageException {
        Draft draft = new Draft();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Option option = OPTIONS.get(name);
            if (option == null) {
                throw new UsageException(arg.startsWith("-") ? "unknown option " + name
                        : "unexpected argument '" + arg + "' (every option starts with --)");
            }
            if (option.takesValue() && value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(name + " needs a value (" + option.argName() + ")");
                }
                value = args.get(++i);
            } else if (!option.takesValue() && value != null) {
                throw new UsageException(name + " takes no value, was given '" + value + "'");
            }
            option.handler().apply(draft, value);
        }
        return draft.validate();
    }

    /** The usage text: synopsis, every option, the environment and the exit codes. */
    static String usage() {
        StringBuilder out = new StringBuilder();
        out.append("Usage: java -jar consul-embedded-cli-<version>.jar [options]\n\n")
                .append("Starts a local Consul cluster (3 servers + 3 clients by default) and keeps it running\n")
                .append("until Ctrl-C or SIGTERM. Prints a table of the agents and a line starting with READY.\n\n")
                .append("Options:\n");
        int width = 0;
        for (Option o : OPTIONS.values()) {
            width = Math.max(width, synopsis(o).length());
        }
        for (Option o : OPTIONS.values()) {
            List<String> lines = wrap(o.help(), USAGE_WIDTH - width - 4);
            out.append("  ").append(pad(synopsis(o), width)).append("  ").append(lines.get(0)).append('\n');
            for (String more : lines.subList(1, lines.size())) {
                out.append(" ".repeat(width + 4)).append(more).append('\n');
            }
        }
        out.append("\nThe consul.embedded.* system properties and CONSUL_* environment variables (binary,\n")
                .append("version, download-url, sha256, cache-dir, offline) apply; options win over them.\n\n")
                .append("Exit codes: 0 stopped by a signal, 2 bad arguments, 3 no Consul binary,\n")
                .append("            4 the cluster did not become ready, 1 anything else.\n");
        return out.toString();
    }

    private static String synopsis(Option o) {
        return o.takesValue() ? o.name() + " " + o.argName() : o.name();
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    private static int count(String name, String value, int min) throws UsageException {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be a whole number >= " + min + ", was '" + value + "'");
        }
        if (n < min) {
            throw new UsageException(name + " must be >= " + min + ", was " + n);
        }
        return n;
    }

    private static String recursor(String value) throws UsageException {
        String v = value.trim();
        String host;
        String port = null;
        boolean hostOk;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            host = close < 0 ? v : v.substring(1, close);
            String rest = close < 0 ? "" : v.substring(close + 1);
            if (rest.startsWith(":")) {
                port = rest.substring(1);
            }
            hostOk = close > 0 && (rest.isEmpty() || port != null) && IPV6.matcher(host).matches();
        } else if (v.indexOf(':') != v.lastIndexOf(':')) {
            host = v; // a bare IPv6 address, which cannot carry a port
            hostOk = IPV6.matcher(host).matches();
        } else {
            int colon = v.indexOf(':');
            host = colon < 0 ? v : v.substring(0, colon);
            port = colon < 0 ? null : v.substring(colon + 1);
            hostOk = HOST.matcher(host).matches();
        }
        if (!hostOk) {
            throw new UsageException("--recursor must be HOST or HOST:PORT (IPv6 as [ADDRESS]:PORT), was '" + value + "'");
        }
        if (port != null && (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
            throw new UsageException("--recursor port must be 1-65535, was '" + port + "' in '" + value + "'");
        }
        return v;
    }

    /** The comma-separated names as given; empty names stay in, so that the spec rejects them by value. */
    private static List<String> datacenters(String value) {
        List<String> names = new ArrayList<>();
        for (String name : value.split(",", -1)) {
            names.add(name.trim());
        }
        return names;
    }

    private static Timing timing(String value) throws UsageException {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "fast" -> Timing.FAST;
            case "production" -> Timing.PRODUCTION;
            default -> throw new UsageException("--timing must be fast or production, was '" + value + "'");
        };
    }

    private static Path path(String name, String value) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException(name + " must be a path, was '" + value + "'");
        }
        try {
            return Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new UsageException(name + " must be a path, was '" + value + "': " + e.getMessage(), e);
        }
    }

    private static Path dataDir(String value) throws UsageException {
        Path dir = path("--data-dir", value);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--data-dir must be a folder, but " + dir + " is a file");
        }
        return dir;
    }

    private static Path statusFile(String value) throws UsageException {
        Path file = path("--status-file", value);
        if (Files.isDirectory(file)) {
            throw new UsageException("--status-file must name a file, but " + file + " is a folder");
        }
        return file;
    }

    /** Values as parsed so far, with the command's defaults. */
    private static final class Draft {
        int servers = ClusterSpec.DEFAULT_SERVERS;
        int clients = CliOptions.DEVELOPER_CLIENTS;
        List<String> datacenters = List.of(ClusterSpec.DEFAULT_DATACENTER);
        boolean datacenterGiven;
        boolean datacentersGiven;
        String domain = ClusterSpec.DEFAULT_DOMAIN;
        final List<String> recursors = new ArrayList<>();
        Path dataDir;
        String consulVersion;
        Path binary;
        Timing timing = Timing.FAST;
        boolean ui = true;
        Path statusFile;
        boolean encrypt;
        boolean acl;
        boolean tls;
        boolean help;
        boolean version;
        boolean listReused;
        boolean stopReused;

        CliOptions validate() throws UsageException {
            if (datacenterGiven && datacentersGiven) {
                // Two sources for the primary's name would need a rule to remember; one option is clearer.
                throw new UsageException("--datacenter and --datacenters exclude each other: "
                        + "name the primary datacenter first in --datacenters");
            }
            CliOptions options = new CliOptions(servers, clients, datacenters, domain, recursors, Optional.ofNullable(dataDir),
                    Optional.ofNullable(consulVersion), Optional.ofNullable(binary), timing, ui,
                    Optional.ofNullable(statusFile), encrypt, acl, tls, help, version, listReused, stopReused);
            try {
                // The library's own spec validates, so the command and the library never disagree on a value.
                options.cluster().build();
            } catch (IllegalArgumentException e) {
                throw new UsageException(optionOf(e.getMessage()) + ": " + e.getMessage(), e);
            }
            return options;
        }

        /** The option behind the spec field a validation message starts with. */
        private String optionOf(String message) {
            String field = message.split(" ", 2)[0];
            return switch (field) {
                // The spec checks the primary's name as "datacenter" even when it came from --datacenters.
                case "datacenter", "datacenters" -> datacentersGiven ? "--datacenters" : "--datacenter";
                case "recursors" -> "--recursor";
                case "dataRoot" -> "--data-dir";
                default -> "--" + field;
            };
        }
    }
}
