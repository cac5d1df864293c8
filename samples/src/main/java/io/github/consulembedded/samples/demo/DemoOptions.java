package io.github.consulembedded.samples.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The desktop demo's command line.
 *
 * @param servers servers to start in each datacenter (at least 1)
 * @param clients clients to start in each datacenter (at least 0)
 * @param binary an explicit consul executable, else {@code CONSUL_BINARY} or a download
 * @param datacenters the datacenter names, the primary first; several are federated over WAN
 * @param domain the DNS domain
 * @param statusFile attach to the local cluster command that writes this status file instead of starting a cluster
 * @param screenshot run a scripted tour (KV, services, kill the leader, wait for the restart), save a PNG here, and exit
 * @param help whether only the usage was asked for
 */
public record DemoOptions(int servers, int clients, Optional<Path> binary, List<String> datacenters, String domain,
                          Optional<Path> statusFile, Optional<Path> screenshot, boolean help) {

    public static final String USAGE = """
            Usage: DesktopDemo [options]
              --servers N          servers to start in each datacenter (default 3)
              --clients M          client agents to start in each datacenter (default 3)
              --binary PATH        consul executable (default: CONSUL_BINARY, else download)
              --datacenter DC      datacenter name (default dc1)
              --datacenters DC1,DC2,...
                                   several datacenters federated over WAN, the first the primary;
                                   one row of tiles each (instead of --datacenter)
              --domain DOMAIN      DNS domain (default cluster.local)
              --status-file FILE   attach to a running local cluster command through its status file
              --screenshot FILE    scripted tour: KV, demo services, kill the leader, wait for the
                                   restart, save the window as PNG, close and exit
              --help               this text""";

    /** Parses the arguments; throws {@link IllegalArgumentException} naming the option and value. */
    public static DemoOptions parse(String... args) {
        int servers = 3;
        int clients = 3;
        Path binary = null;
        List<String> datacenters = List.of("dc1");
        boolean datacenterGiven = false;
        boolean datacentersGiven = false;
        String domain = "cluster.local";
        Path statusFile = null;
        Path screenshot = null;
        boolean help = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                help = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value" : "unknown argument: " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--servers" -> servers = number(option, value, 1);
                case "--clients" -> clients = number(option, value, 0);
                case "--binary" -> binary = Path.of(value);
                case "--datacenter" -> {
                    datacenters = List.of(value);
                    datacenterGiven = true;
                }
                case "--datacenters" -> {
                    datacenters = names(option, value);
                    datacentersGiven = true;
                }
                case "--domain" -> domain = value;
                case "--status-file" -> statusFile = Path.of(value);
                case "--screenshot" -> screenshot = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option: " + option);
            }
        }
        if (datacenterGiven && datacentersGiven) {
            // The same rule as the local cluster command: one source for the primary's name.
            throw new IllegalArgumentException("--datacenter and --datacenters exclude each other: "
                    + "name the primary datacenter first in --datacenters");
        }
        if (statusFile != null && screenshot != null) {
            throw new IllegalArgumentException("--screenshot starts its own cluster; it cannot be combined with --status-file");
        }
        return new DemoOptions(servers, clients, Optional.ofNullable(binary), datacenters, domain,
                Optional.ofNullable(statusFile), Optional.ofNullable(screenshot), help);
    }

    public DemoOptions {
        datacenters = List.copyOf(datacenters);
    }

    /** The primary (first) datacenter. */
    public String datacenter() {
        return datacenters.get(0);
    }

    /** Whether several datacenters are asked for. */
    public boolean federated() {
        return datacenters.size() > 1;
    }

    /** Comma-separated datacenter names, each non-blank and none twice. */
    private static List<String> names(String option, String value) {
        List<String> names = new ArrayList<>();
        for (String name : value.split(",", -1)) {
            String trimmed = name.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException(option + " needs comma-separated names without empty ones, was '" + value + "'");
            }
            names.add(trimmed);
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException(option + " must name distinct datacenters, was '" + value + "'");
        }
        return names;
    }

    private static int number(String option, String value, int min) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, was '" + value + "'");
        }
        if (n < min) {
            throw new IllegalArgumentException(option + " must be >= " + min + ", was " + n);
        }
        return n;
    }
}
