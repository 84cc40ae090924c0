package io.interstice.journal.log;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.log.internal.DeletionState;
import io.interstice.journal.log.internal.LogSource;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges the gaps one replay of an id finds ({@link JournalStore#replay}): explained by a recorded
 * hole, or damage that nothing else noticed, which strict mode refuses and the lenient modes report
 * and replay past.
 *
 * <p>Confined to the thread of one replay.
 */
final class GapCheck {
  private static final Logger LOG = LoggerFactory.getLogger(GapCheck.class);

  private final String persistenceId;
  private final List<long[]> holes;
  private final NodeLog own;
  private final RecoveryMode recoveryMode;
  private final Consumer<LogDamage> found;

  /**
   * Checks gaps of {@code persistenceId} against its coalesced {@code holes}; damage is reported to
   * {@code found} and named after {@code own}'s files when no frame follows the gap.
   */
  GapCheck(
      String persistenceId,
      List<long[]> holes,
      NodeLog own,
      RecoveryMode recoveryMode,
      Consumer<LogDamage> found) {
    this.persistenceId = persistenceId;
    this.holes = holes;
    this.own = own;
    this.recoveryMode = recoveryMode;
    this.found = found;
  }

  /**
   * Events {@code first..last} are missing, before the frame at {@code position} of {@code before}
   * (null when they are missing at the end of the history).
   */
  void found(long first, long last, LogSource before, long position) {
    if (DeletionState.covers(holes, first, last)) {
      return;
    }
    var deletions = own.directory().resolve(SegmentNames.DELETIONS_FILE);
    var file = before == null ? deletions : before.fileAt(position);
    var damage =
        new LogDamage(
            file,
            before == null ? 0 : before.offsetIn(position),
            before == null ? 0 : before.offsetIn(position),
            persistenceId,
            first,
            last,
            "events "
                + first
                + ".."
                + last
                + " of '"
                + persistenceId
                + "' are missing"
                + (before == null ? " at the end of its history" : " before this frame")
                + ", yet neither deleted nor a recorded hole ("
                + deletions
                + ")");
    found.accept(damage);
    if (recoveryMode == RecoveryMode.STRICT) {
      throw new CorruptLogException(
          damage.file(),
          damage.offset(),
          persistenceId,
          damage.reason() + "; recovery refused in recovery-mode strict");
    }
    LOG.error("log {}: {} (recovery-mode {}), replaying on", own.logId(), damage, recoveryMode);
  }
}
