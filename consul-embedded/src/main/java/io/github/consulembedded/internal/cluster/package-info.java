/**
 * Not API. A cluster's jobs, one class each: launching, waiting, faults, services, reset,
 * shutdown and supervision, over the shared {@link io.github.consulembedded.internal.cluster.Cluster}.
 */
package io.github.consulembedded.internal.cluster;
