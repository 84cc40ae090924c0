package io.interstice.journal;

import com.typesafe.config.Config;
import io.interstice.journal.log.LogSettings;
import io.interstice.journal.log.SegmentNames;
import java.nio.file.Path;

/**
 * The settings of the journal plugin's block: where its log lives, and the {@link LogSettings}
 * (which validates them). Errors name the block and the offending key.
 *
 * @param dataDir the data directory ({@code dir}); the log lives in {@code <dir>/journal/<log-id>}
 * @param logId this node's log name ({@code log-id})
 * @param log fsync, fsync-interval, segment-size, recovery-mode, scrub-interval and scrub-rate
 */
record JournalSettings(Path dataDir, String logId, LogSettings log) {

  /** Reads a plugin block such as {@code interstice.journal}. */
  static JournalSettings from(Config config, String path) {
    try {
      var dir = config.getString("dir");
      if (dir.isBlank()) {
        throw new IllegalArgumentException("dir is empty");
      }
      var logId = SegmentNames.checkLogId(config.getString("log-id"));
      return new JournalSettings(Path.of(dir), logId, LogSettings.from(config));
    } catch (RuntimeException e) {
      throw new JournalException("invalid configuration " + path + ": " + e.getMessage(), e);
    }
  }
}
