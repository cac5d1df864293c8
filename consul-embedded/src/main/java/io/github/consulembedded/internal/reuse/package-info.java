/**
 * Not API. Reusing a cluster across runs: the switch that turns it on ({@link io.github.consulembedded.internal.reuse.ReuseSwitch}),
 * the stable form of a spec that decides what matches ({@link io.github.consulembedded.internal.reuse.SpecKey},
 * {@link io.github.consulembedded.internal.reuse.SpecCodec}), the registry of reused clusters in the work area
 * ({@link io.github.consulembedded.internal.reuse.ReuseRegistry}, {@link io.github.consulembedded.internal.reuse.ReuseEntry},
 * {@link io.github.consulembedded.internal.reuse.KeeperState}, {@link io.github.consulembedded.internal.reuse.BinaryChecksums}),
 * the cross-process lock ({@link io.github.consulembedded.internal.reuse.ReuseLock}), the keeper process that owns
 * the cluster and stops it when idle ({@link io.github.consulembedded.internal.reuse.KeeperMain},
 * {@link io.github.consulembedded.internal.reuse.KeeperLauncher}, {@link io.github.consulembedded.internal.reuse.KeeperChannel},
 * {@link io.github.consulembedded.internal.reuse.RequestWatch}), and readies it for each run that attaches,
 * attaching to it ({@link io.github.consulembedded.internal.reuse.ReuseAttach}, {@link io.github.consulembedded.internal.reuse.KeeperHost}),
 * and listing and stopping them all ({@link io.github.consulembedded.internal.reuse.ReuseAdmin}).
 */
package io.github.consulembedded.internal.reuse;
