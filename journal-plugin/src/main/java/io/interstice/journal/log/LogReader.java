package io.interstice.journal.log;

import io.interstice.journal.JournalIoException;
import io.interstice.journal.UnsupportedFormatException;
import io.interstice.journal.log.internal.DeletionState;
import io.interstice.journal.log.internal.LogFiles;
import io.interstice.journal.log.internal.LogRecovery;
import io.interstice.journal.log.internal.LogRepair;
import io.interstice.journal.log.internal.PersistenceHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Offline access to a log directory, without a running node: list segments, iterate every frame
 * with its position (verifying each checksum), verify the whole log with the same recovery that
 * opening it runs ({@link #verify}), and repair or cut it. Reading takes no lock; {@link
 * #truncateAfter} and {@link #repair} take the directory lock, so they refuse to touch a log a node
 * is writing.
 *
 * <p>Thread-safety: each call works on its own; not meant for concurrent mutation.
 */
public final class LogReader {
  private final Path dir;
  private final String logId;
  private final LogFiles files;

  private LogReader(Path dir, String logId) {
    this.dir = dir;
    this.logId = logId;
    this.files = new LogFiles(dir);
  }

  /**
   * Opens the log in {@code dir} for offline reading; its log id is the directory's name.
   *
   * @throws JournalIoException when the directory does not exist
   */
  public static LogReader open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new JournalIoException("no log directory at " + dir);
    }
    return new LogReader(dir, dir.toAbsolutePath().normalize().getFileName().toString());
  }

  public Path directory() {
    return dir;
  }

  public String logId() {
    return logId;
  }

  /**
   * Whether a frame's events are all deleted ({@code deleteMessagesTo}, or holes recorded by a
   * repair, in {@code deletions.dat}): its bytes are dead, kept only until its segment goes. Reads
   * {@code deletions.dat} once, now.
   */
  public Predicate<Frame> deletedFrames() {
    var deletions = DeletionState.load(dir);
    return frame -> {
      var id = frame.persistenceId();
      return frame.lastSequenceNr() <= deletions.deletedTo(id)
          || DeletionState.covers(
              deletions.holes(id), frame.firstSequenceNr(), frame.lastSequenceNr());
    };
  }

  /** Every segment in log order, with its size and the state of its sidecar. */
  public List<SegmentInfo> segments() {
    return files.segmentInfos();
  }

  /**
   * Hands every valid frame to {@code visitor} in log order, verifying checksums; returns the scan
   * of each segment (with its damage and torn tail, if any).
   */
  public List<SegmentScan> forEachFrame(Consumer<Frame> visitor) {
    var scans = new ArrayList<SegmentScan>();
    for (long base : files.list().segments()) {
      var scan = SegmentScanner.scan(SegmentNames.segment(dir, base), visitor);
      if (!scan.header().logId().equals(logId)) {
        throw new UnsupportedFormatException(
            scan.file() + " belongs to log '" + scan.header().logId() + "', not '" + logId + "'");
      }
      scans.add(scan);
    }
    return scans;
  }

  /**
   * Reads every frame of every segment and checks every sidecar and the commit mark, as opening the
   * log would but changing nothing; {@code progress} hears of each segment before it is read. The
   * report names mid-file damage, frames a sidecar lists that are lost, segments that are missing,
   * acknowledged bytes missing from the end of the log and, as warnings, a torn tail of the last
   * segment (benign: it is truncated when the log opens) and missing or broken sidecars (benign:
   * rebuilt when the log opens).
   */
  public RecoveryReport verify(Consumer<SegmentInfo> progress) {
    return LogRecovery.verifying(dir, logId, f -> {}, progress).recover().report();
  }

  /**
   * Cuts the log so that it ends just before the frame at {@code position} (a frame position as
   * printed by {@code log dump}): the segment holding it is truncated there and every later segment
   * removed. Takes the directory lock.
   *
   * @return the number of bytes removed
   * @throws IllegalArgumentException when no frame starts at {@code position}
   */
  public long truncateAfter(long position) {
    return new LogRepair(files, logId).truncateAfter(position);
  }

  /**
   * Repairs damage: every damaged segment is rewritten without its damaged regions (valid frames
   * kept at new offsets, sidecar rebuilt on next open), a torn tail is cut, the sidecars of lost
   * segments are removed and the commit mark is set to the log's new end. First, the sequence
   * numbers the damage may have cost are recorded as holes in {@code deletions.dat} (as the lenient
   * recovery modes do), so that no id's highest number drops and strict recovery accepts the gaps
   * the repair leaves. Takes the directory lock.
   *
   * <p>The ids the log claimed in the journal's histories (next to the log directory) are fenced
   * too when the owner of damage is unknown.
   *
   * @return the damage that was removed
   */
  public List<LogDamage> repair() {
    var histories = dir.toAbsolutePath().getParent().resolve(JournalStore.HISTORIES_DIR);
    return repair(
        Files.isDirectory(histories)
            ? new PersistenceHistory(histories).claimedBy(logId)
            : Set.of());
  }

  /** As {@link #repair()}, with the ids the log claimed given instead of read from histories. */
  public List<LogDamage> repair(Set<String> claimed) {
    return new LogRepair(files, logId).repair(claimed);
  }
}
