package io.interstice.journal.log;

import java.time.Duration;

/**
 * Settings of a node log, as read from the {@code interstice.journal} configuration block.
 *
 * @param fsync when appends are forced
 * @param fsyncInterval period of the background force with {@link FsyncPolicy#INTERVAL}
 * @param segmentSize size at which the active segment is sealed and a new one started
 * @param recoveryMode what damage other than a torn tail does
 */
public record LogSettings(
    FsyncPolicy fsync, Duration fsyncInterval, long segmentSize, RecoveryMode recoveryMode) {
  /** The documented defaults: always, 10 ms, 64 MiB, strict. */
  public static LogSettings defaults() {
    return new LogSettings(
        FsyncPolicy.ALWAYS, Duration.ofMillis(10), 64L * 1024 * 1024, RecoveryMode.STRICT);
  }
}
