/**
 * Not API: the implementation behind the public package, split by concern into sub-packages.
 * Anything here may change in any release.
 */
package io.github.consulembedded.internal;
