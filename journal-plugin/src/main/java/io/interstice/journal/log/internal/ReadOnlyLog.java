package io.interstice.journal.log.internal;

import io.interstice.journal.log.Frame;
import io.interstice.journal.log.LogDamage;
import io.interstice.journal.log.RecoveryMode;
import io.interstice.journal.log.SegmentNames;
import io.interstice.journal.log.SegmentScanner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.function.Predicate;

/**
 * Another node's log, opened read-only to replay histories that moved: no lock, no repair, a torn
 * tail simply ignored (its owner may be writing it right now). {@link #refresh} reloads it when its
 * files changed since the last load.
 *
 * <p>Thread-safety: safe for concurrent readers. A loaded {@link LogState} is never changed; {@link
 * #refresh} (serialised by this object's monitor) recovers the directory afresh and swaps the new
 * state in atomically, through a volatile field.
 */
public final class ReadOnlyLog implements LogSource, AutoCloseable {
  private final Path dir;
  private final String logId;
  private final RecoveryMode mode;
  private volatile State state;
  private final java.util.List<LogDamage> replayDamage =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private record State(LogState log, java.util.List<LogDamage> damage, String stamp) {}

  private ReadOnlyLog(Path dir, String logId, RecoveryMode mode) {
    this.dir = dir;
    this.logId = logId;
    this.mode = mode;
    this.state = load();
  }

  /** Opens the log {@code logId} in {@code dir} for reading. */
  public static ReadOnlyLog open(Path dir, String logId, RecoveryMode mode) {
    return new ReadOnlyLog(dir, logId, mode);
  }

  /**
   * Reloads when segment files were added, removed or grew since the last load. A segment grows by
   * its data, not its size: with preallocation its appends overwrite zeros and keep the size.
   */
  public synchronized void refresh() {
    var current = state;
    if (!stamp().equals(current.stamp())) {
      state = load();
      current.log().close();
    }
  }

  private State load() {
    var stampBefore = stamp();
    var recovered = LogRecovery.readOnly(dir, logId).recover();
    return new State(recovered.state(), recovered.report().damage(), stampBefore);
  }

  /**
   * Name, size, modification time and file key of each file in the directory: changes whenever the
   * log does, including a rewrite of {@code deletions.dat} that keeps its size. For the last
   * segment, the one its owner appends to, where its data ends (zeros at its end left out) instead
   * of its size: with preallocation its appends keep the size, and modification times alone may not
   * tell (on some kernels they move only once per clock tick). Sealed segments end with their last
   * frame.
   */
  private String stamp() {
    List<Path> files;
    try (var listed = Files.list(dir)) {
      files = listed.sorted().toList();
    } catch (IOException e) {
      throw new io.interstice.journal.JournalIoException(
          "cannot list " + dir + ": " + e.getMessage(), e);
    }
    Path lastSegment = null;
    for (var f : files) {
      if (SegmentNames.segmentBase(f.getFileName().toString()).isPresent()) {
        lastSegment = f; // in name order, which is log order
      }
    }
    var stamp = new StringBuilder();
    for (var f : files) {
      stamp.append(',').append(f.getFileName()).append(':');
      try {
        var attributes = Files.readAttributes(f, BasicFileAttributes.class);
        stamp
            .append(f.equals(lastSegment) ? SegmentScanner.endOfData(f) : attributes.size())
            .append(':')
            .append(attributes.lastModifiedTime())
            .append(':')
            .append(attributes.fileKey());
      } catch (IOException | io.interstice.journal.JournalIoException e) {
        stamp.append('?'); // removed while listing
      }
    }
    return stamp.toString();
  }

  @Override
  public long highestSequenceNr(String persistenceId) {
    var s = state;
    DamagePolicy.checkReadable(s.damage(), mode, persistenceId);
    return s.log().highestSequenceNr(persistenceId);
  }

  @Override
  public long deletedTo(String persistenceId) {
    return state.log().deletions().deletedTo(persistenceId);
  }

  @Override
  public java.util.List<long[]> holes(String persistenceId) {
    return state.log().deletions().holes(persistenceId);
  }

  @Override
  public Path fileAt(long position) {
    return state.log().fileAt(position);
  }

  @Override
  public long offsetIn(long position) {
    return state.log().offsetIn(position);
  }

  @Override
  public void replay(String persistenceId, long fromSeq, long toSeq, Predicate<Frame> consumer) {
    var s = state;
    DamagePolicy.checkReadable(s.damage(), mode, persistenceId);
    s.log().replay(persistenceId, fromSeq, toSeq, mode, consumer, replayDamage::add);
  }

  /** Damage found when the log was last loaded, and by replays since it was opened. */
  public java.util.List<LogDamage> damage() {
    var all = new java.util.ArrayList<>(state.damage());
    all.addAll(replayDamage);
    return all;
  }

  @Override
  public void close() {
    state.log().close();
  }
}
