/**
 * Not API. Running processes: the one subprocess abstraction ({@link io.github.consulembedded.internal.process.ManagedProcess}),
 * agent output and its log levels, the per-JVM work area with its watchdog, JVM shutdown, and
 * cross-JVM port reservations.
 */
package io.github.consulembedded.internal.process;
