/**
 * Not API. The library's HTTP client for agents (OkHttp and Jackson, relocated in the published
 * jar) and its TLS plumbing.
 */
package io.github.consulembedded.internal.http;
