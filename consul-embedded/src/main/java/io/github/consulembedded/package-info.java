/**
 * consul-embedded: a real Consul cluster (servers and clients as managed subprocesses) for a JVM.
 * Start with {@link io.github.consulembedded.ConsulCluster#builder()}; a cluster is described by
 * one immutable {@link io.github.consulembedded.ClusterSpec}. This package is the whole public API.
 */
package io.github.consulembedded;
