package io.github.consulembedded.samples.demo;

import io.github.consulembedded.ConsulHttp;
import java.net.URI;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How the demo reaches one agent: its node, role, process and HTTP API.
 *
 * @param node node name
 * @param datacenter the datacenter it belongs to
 * @param server whether it is a server
 * @param pid the OS pid, or -1 when no process runs
 * @param running whether its process runs
 * @param serverAddress the raft address ({@code host:port}) for servers, "" for clients
 * @param httpAddress the HTTP API address
 * @param http the library's HTTP helper for this agent (token and TLS included), for the demo's actions
 * @param token the ACL token, if ACLs are on
 * @param sslContext for an HTTPS address: trusts the cluster's CA and presents its client certificate
 */
public record AgentHandle(String node, String datacenter, boolean server, long pid, boolean running, String serverAddress,
                          URI httpAddress, ConsulHttp http, Optional<String> token, Optional<SSLContext> sslContext) {
}
