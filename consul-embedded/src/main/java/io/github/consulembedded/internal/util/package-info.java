/**
 * Not API. Polling with a deadline, durations in Consul's syntax, and quiet file-tree removal.
 */
package io.github.consulembedded.internal.util;
