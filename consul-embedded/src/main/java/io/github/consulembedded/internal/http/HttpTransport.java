package io.github.consulembedded.internal.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP exchange with an agent over the JDK's {@link HttpURLConnection}: no proxy (agents
 * listen on loopback), fixed timeouts, and for HTTPS the cluster's TLS context. The JDK keeps
 * idle connections for reuse. It is part of the JDK's class data sharing archive, so the first
 * call in a fresh JVM costs a few milliseconds, not the few hundred an HTTP library's loading does.
 *
 * <p>Bodies are buffered, not streamed, so that the JDK may send a request again on a new
 * connection when a kept-alive one turns out to be closed before any answer came (an agent that
 * was killed and started again on the same port). A streamed PUT would fail there instead.
 */
public final class HttpTransport {
    /** An answer: the status and the body as text. */
    public record Answer(int status, String body) {
        public boolean isSuccessful() {
            return status / 100 == 2;
        }
    }

    private final int connectMillis;
    private final int readMillis;
    private final SSLSocketFactory tls;

    HttpTransport(Duration connectTimeout, Duration readTimeout, SSLSocketFactory tls) {
        this.connectMillis = Math.toIntExact(connectTimeout.toMillis());
        this.readMillis = Math.toIntExact(readTimeout.toMillis());
        this.tls = tls;
    }

    /** The same transport with other timeouts. */
    public HttpTransport withTimeouts(Duration connectTimeout, Duration readTimeout) {
        return new HttpTransport(connectTimeout, readTimeout, tls);
    }

    /**
     * Sends {@code method} to {@code uri} with these headers and, unless {@code null}, this body.
     *
     * @throws IOException when the agent cannot be reached or does not answer in time
     */
    public Answer send(String method, URI uri, Map<String, String> headers, byte[] body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
        if (connection instanceof HttpsURLConnection https) {
            if (tls == null) {
                throw new IOException("no TLS set up for " + uri + "; the cluster's agents speak plain HTTP to this client");
            }
            https.setSSLSocketFactory(tls);
        }
        connection.setConnectTimeout(connectMillis);
        connection.setReadTimeout(readMillis);
        connection.setUseCaches(false);
        connection.setInstanceFollowRedirects(false);
        connection.setRequestMethod(method);
        headers.forEach(connection::setRequestProperty);
        try {
            if (body != null) {
                connection.setDoOutput(true);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body);
                }
            }
            int status = connection.getResponseCode();
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            String text = "";
            if (in != null) {
                try (in) {
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Answer(status, text);
        } catch (IOException e) {
            // A connection that failed midway must not go back to the pool of idle ones.
            connection.disconnect();
            throw e;
        }
    }
}
