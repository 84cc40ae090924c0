package io.interstice.journal.log;

import io.interstice.journal.FencedWriteException;
import io.interstice.journal.WriteFence;
import java.util.List;
import java.util.function.Supplier;

/**
 * The {@link WriteFence} checks of one {@link JournalStore}, and the refusals they produce: before
 * a write, after its force, before a claim and before a deletion. The fence is asked anew for each
 * operation (the runtime may register it after the journal started); {@link WriteFence#NONE} means
 * no check at all.
 *
 * <p>Thread-safe: holds only the log's name and how to reach the fence.
 */
final class FenceCheck {
  private final String logId;
  private final Supplier<WriteFence> fence;

  FenceCheck(String logId, Supplier<WriteFence> fence) {
    this.logId = logId;
    this.fence = fence;
  }

  /** The fence in force now. */
  WriteFence current() {
    return fence.get();
  }

  /** The first frame whose id {@code fence} refuses, or null when it allows them all. */
  static PendingFrame refused(List<PendingFrame> frames, WriteFence fence) {
    for (var frame : frames) {
      if (!fence.mayAcknowledge(frame.persistenceId())) {
        return frame;
      }
    }
    return null;
  }

  /** The refusal of a write the fence refused before anything of it was written. */
  FencedWriteException beforeWriting(PendingFrame frame) {
    return new FencedWriteException(
        frame.persistenceId(),
        "write of "
            + events(frame)
            + " refused: log "
            + logId
            + " does not hold the lease covering it (a stale writer, fenced); nothing was"
            + " written or acknowledged");
  }

  /** The refusal of a write the fence refused after it was forced: written, never acknowledged. */
  FencedWriteException afterWriting(PendingFrame frame) {
    return new FencedWriteException(
        frame.persistenceId(),
        events(frame)
            + " reached log "
            + logId
            + " but are not acknowledged: the log lost the lease covering them while writing"
            + " (a stale writer, fenced); they belong to the history only if the id's new owner"
            + " read them before taking it over");
  }

  /** Throws when {@code fence} refuses {@code persistenceId}; {@code what} names the operation. */
  void requireHeld(WriteFence fence, String persistenceId, String what) {
    if (!fence.mayAcknowledge(persistenceId)) {
      throw new FencedWriteException(
          persistenceId,
          what
              + " of '"
              + persistenceId
              + "' refused: log "
              + logId
              + " does not hold the lease covering it (a stale writer, fenced)");
    }
  }

  private static String events(PendingFrame frame) {
    return "events "
        + frame.firstSequenceNr()
        + ".."
        + frame.lastSequenceNr()
        + " of '"
        + frame.persistenceId()
        + "'";
  }
}
