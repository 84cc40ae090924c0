package io.interstice.journal.log;

import java.time.Duration;

/**
 * Settings of a node log, as read from the {@code interstice.journal} configuration block.
 *
 * @param fsync when appends are forced
 * @param fsyncInterval period of the background force with {@link FsyncPolicy#INTERVAL}
 * @param segmentSize size at which the active segment is sealed and a new one started
 * @param recoveryMode what damage other than a torn tail does
 * @param scrubInterval time between background scrub passes; zero for no background scrub
 * @param scrubBytesPerSecond average read rate the scrub keeps under
 */
public record LogSettings(
    FsyncPolicy fsync,
    Duration fsyncInterval,
    long segmentSize,
    RecoveryMode recoveryMode,
    Duration scrubInterval,
    long scrubBytesPerSecond) {
  /** Default scrub rate: 16 MiB/s. */
  public static final long DEFAULT_SCRUB_RATE = 16L * 1024 * 1024;

  /** Settings without a background scrub (tools, tests); a scrub can still be run on demand. */
  public LogSettings(
      FsyncPolicy fsync, Duration fsyncInterval, long segmentSize, RecoveryMode recoveryMode) {
    this(fsync, fsyncInterval, segmentSize, recoveryMode, Duration.ZERO, DEFAULT_SCRUB_RATE);
  }

  /** The documented defaults: always, 10 ms, 64 MiB, strict, scrub every 24 h at 16 MiB/s. */
  public static LogSettings defaults() {
    return new LogSettings(
        FsyncPolicy.ALWAYS,
        Duration.ofMillis(10),
        64L * 1024 * 1024,
        RecoveryMode.STRICT,
        Duration.ofHours(24),
        DEFAULT_SCRUB_RATE);
  }
}
