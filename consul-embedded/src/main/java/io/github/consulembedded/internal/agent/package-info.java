/**
 * Not API. One agent's lifecycle ({@link io.github.consulembedded.internal.agent.Agent} with its
 * {@link io.github.consulembedded.internal.agent.AgentState}), its command line and config file,
 * and the folders and ports it holds.
 */
package io.github.consulembedded.internal.agent;
