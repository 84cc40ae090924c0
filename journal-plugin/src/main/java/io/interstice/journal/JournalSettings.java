package io.interstice.journal;

import com.typesafe.config.Config;
import io.interstice.journal.log.FsyncPolicy;
import io.interstice.journal.log.LogSettings;
import io.interstice.journal.log.RecoveryMode;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The settings of a journal or snapshot-store plugin block, validated once with messages that name
 * the offending key.
 *
 * @param dataDir the data directory ({@code dir}); the log lives in {@code <dir>/journal/<log-id>}
 * @param logId this node's log name ({@code log-id})
 * @param log fsync, fsync-interval, segment-size, recovery-mode, scrub-interval and scrub-rate
 */
public record JournalSettings(Path dataDir, String logId, LogSettings log) {

  /** Reads a plugin block such as {@code interstice.journal}. */
  public static JournalSettings from(Config config, String path) {
    try {
      var dir = config.getString("dir");
      if (dir.isBlank()) {
        throw new IllegalArgumentException("dir is empty");
      }
      var scrub = config.getString("scrub-interval").trim();
      var scrubInterval =
          scrub.equalsIgnoreCase("off") ? Duration.ZERO : config.getDuration("scrub-interval");
      if (scrubInterval.isNegative()) {
        throw new IllegalArgumentException("scrub-interval must be positive or off");
      }
      long scrubRate = config.getBytes("scrub-rate");
      if (scrubRate <= 0) {
        throw new IllegalArgumentException("scrub-rate must be positive");
      }
      var log =
          new LogSettings(
              FsyncPolicy.parse(config.getString("fsync")),
              config.getDuration("fsync-interval"),
              config.getBytes("segment-size"),
              RecoveryMode.parse(config.getString("recovery-mode")),
              scrubInterval,
              scrubRate);
      if (log.fsyncInterval().isNegative() || log.fsyncInterval().isZero()) {
        throw new IllegalArgumentException("fsync-interval must be positive");
      }
      if (log.segmentSize() < 1024 || log.segmentSize() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("segment-size must be between 1 KiB and 2 GiB");
      }
      return new JournalSettings(Path.of(dir), config.getString("log-id"), log);
    } catch (RuntimeException e) {
      throw new JournalException("invalid configuration " + path + ": " + e.getMessage(), e);
    }
  }
}
