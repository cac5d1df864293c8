/**
 * Not API. The library's HTTP client for agents (the JDK's {@code HttpURLConnection} and the
 * internal JSON tree) and its TLS plumbing.
 */
package io.github.consulembedded.internal.http;
