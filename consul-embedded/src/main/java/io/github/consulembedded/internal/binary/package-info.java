/**
 * Not API. Getting a Consul binary: platform detection, download with SHA-256 verification
 * while streaming, the per-version cache shared between JVMs under a file lock, and probing an
 * explicit binary for its version.
 */
package io.github.consulembedded.internal.binary;
