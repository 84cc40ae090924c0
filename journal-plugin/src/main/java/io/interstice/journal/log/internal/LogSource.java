package io.interstice.journal.log.internal;

import io.interstice.journal.log.Frame;
import io.interstice.journal.log.NodeLog;
import java.util.function.Predicate;

/**
 * Something a persistence id's history can be read from: this node's own {@link NodeLog}, or
 * another node's log opened read-only ({@link ReadOnlyLog}).
 *
 * <p>Implementations are safe for concurrent readers.
 */
public interface LogSource {
  /** Highest sequence number of the id in this log, deletions included; 0 when absent. */
  long highestSequenceNr(String persistenceId);

  /** Sequence number up to which the id's events were deleted through this log. */
  long deletedTo(String persistenceId);

  /**
   * Ranges of the id's sequence numbers that no event will ever fill (rejected writes, losses a
   * recovery mode or repair accepted), sorted and disjoint, each {@code [first, last]}.
   */
  java.util.List<long[]> holes(String persistenceId);

  /** The file that holds log position {@code position} (its segment). */
  java.nio.file.Path fileAt(long position);

  /** Offset of log position {@code position} inside {@link #fileAt}. */
  long offsetIn(long position);

  /**
   * Hands every frame of the id that may hold [fromSeq, toSeq] to {@code consumer}, in log order,
   * until it returns false.
   */
  void replay(String persistenceId, long fromSeq, long toSeq, Predicate<Frame> consumer);
}
