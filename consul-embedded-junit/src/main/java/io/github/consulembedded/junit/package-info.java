/**
 * The JUnit 5 (and 6) extension: annotate a test class with
 * {@link io.github.consulembedded.junit.EmbeddedConsulCluster}, or register
 * {@link io.github.consulembedded.junit.ConsulClusterExtension} in code. Everything else here is
 * package-private.
 */
package io.github.consulembedded.junit;
