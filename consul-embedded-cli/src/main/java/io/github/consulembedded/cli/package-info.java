/**
 * The local cluster command ({@link io.github.consulembedded.cli.LocalClusterMain}): starts a Consul
 * cluster on this machine with the core library's public API, prints and writes its state, and
 * runs until a signal stops it. Everything but the main class is an implementation detail.
 */
package io.github.consulembedded.cli;
