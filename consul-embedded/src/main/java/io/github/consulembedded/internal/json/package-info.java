/**
 * A small JSON tree, parser and writer for what the library reads from agents and writes to
 * config files and its work area; no JSON library is loaded, so a fixture's first call in a
 * fresh JVM stays cheap.
 */
package io.github.consulembedded.internal.json;
