package io.interstice.journal;

import com.typesafe.config.Config;
import io.interstice.journal.log.LogSettings;
import io.interstice.journal.log.SegmentNames;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The settings of the journal plugin's block: where its log lives, and the {@link LogSettings}
 * (which validates them). Errors name the block and the offending key.
 *
 * @param dataDir the data directory ({@code dir}); the log lives in {@code <dir>/journal/<log-id>}
 * @param logId this node's log name ({@code log-id})
 * @param log fsync, fsync-interval, segment-size, recovery-mode, scrub-interval and scrub-rate
 * @param replayReadAhead replayed events in flight to a paced actor at most ({@code
 *     replay-read-ahead}, at least 1)
 * @param replayReadAheadBytes payload bytes of replayed events in flight to a paced actor at most
 *     ({@code replay-read-ahead-bytes}, at least 1; one event larger than it still goes alone)
 * @param replayStallTimeout how long a paced replay waits for an actor that applies nothing ({@code
 *     replay-stall-timeout})
 * @param pipelinedWrites whether writes of ids whose actor watches their durability are
 *     acknowledged once queued rather than once forced ({@code pipelined-writes})
 */
record JournalSettings(
    Path dataDir,
    String logId,
    LogSettings log,
    int replayReadAhead,
    long replayReadAheadBytes,
    Duration replayStallTimeout,
    boolean pipelinedWrites) {

  /** Reads a plugin block such as {@code interstice.journal}. */
  static JournalSettings from(Config config, String path) {
    try {
      var dir = config.getString("dir");
      if (dir.isBlank()) {
        throw new IllegalArgumentException("dir is empty");
      }
      var logId = SegmentNames.checkLogId(config.getString("log-id"));
      int readAhead = config.getInt("replay-read-ahead");
      if (readAhead < 1) {
        throw new IllegalArgumentException(
            "replay-read-ahead must be at least 1, got " + readAhead);
      }
      long readAheadBytes = config.getBytes("replay-read-ahead-bytes");
      if (readAheadBytes < 1) {
        throw new IllegalArgumentException(
            "replay-read-ahead-bytes must be at least 1, got " + readAheadBytes);
      }
      var stall = config.getDuration("replay-stall-timeout");
      if (stall.isNegative() || stall.isZero()) {
        throw new IllegalArgumentException("replay-stall-timeout must be positive, got " + stall);
      }
      // A plugin block of its own (a second journal) need not repeat this key.
      boolean pipelined =
          !config.hasPath("pipelined-writes") || config.getBoolean("pipelined-writes");
      return new JournalSettings(
          Path.of(dir),
          logId,
          LogSettings.from(config),
          readAhead,
          readAheadBytes,
          stall,
          pipelined);
    } catch (RuntimeException e) {
      throw new JournalException("invalid configuration " + path + ": " + e.getMessage(), e);
    }
  }
}
