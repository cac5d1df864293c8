package io.github.consulembedded.samples.demo;

import io.github.consulembedded.ConsulHttp;
import java.net.URI;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * How the demo reaches one agent: its node, role, process and HTTP API.
 *
 * @param node node name
 * @param server whether it is a server
 * @param pid the OS pid, or -1 when no process runs
 * @param running whether its process runs
 * @param serverAddress the raft address ({@code host:port}) for servers, "" for clients
 * @param httpAddress the HTTP API address
 * @param client the demo's own OkHttp client to watch it with (TLS trust included); the library's
 *        OkHttp is relocated inside its jar and not part of its API
 * @param token the ACL token, if ACLs are on
 * @param http the library's HTTP helper for this agent (TLS and token included), for writes
 */
public record AgentHandle(String node, boolean server, long pid, boolean running, String serverAddress,
                          URI httpAddress, OkHttpClient client, Optional<String> token, ConsulHttp http) {
}
