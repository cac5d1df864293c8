/**
 * Not API. Gossip keys and the keyring guard, the ACL master token, and the TLS CA with
 * per-agent certificates made by the binary's own {@code consul tls}.
 */
package io.github.consulembedded.internal.security;
