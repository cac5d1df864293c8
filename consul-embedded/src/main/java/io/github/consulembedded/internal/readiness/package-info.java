/**
 * Not API. What "ready" means, as named checks over one observation of every agent: leader
 * agreed, raft peers complete, members alive, catalog complete, DNS agrees.
 */
package io.github.consulembedded.internal.readiness;
