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
 * @param client the OkHttp client to call it with (TLS trust included)
 * @param token the ACL token, if ACLs are on
 */
public record AgentHandle(String node, boolean server, long pid, boolean running, String serverAddress,
                          URI httpAddress, OkHttpClient client, Optional<String> token) {

    /** The library's HTTP helper for this agent, through {@code withClient} (for example a short or long timeout). */
    public ConsulHttp http(OkHttpClient withClient) {
        ConsulHttp http = new ConsulHttp(httpAddress).withClient(withClient);
        return token.map(http::withToken).orElse(http);
    }
}
