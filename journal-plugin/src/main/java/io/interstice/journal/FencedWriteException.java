package io.interstice.journal;

/**
 * A write refused because this node no longer certainly holds the lease covering its persistence id
 * ({@link WriteFence}): a stale writer, whose module has moved or may be moving to another node.
 * The write is never acknowledged. When the refusal came before anything was written, nothing of it
 * is on disk; when it came after the force, the frame stays in this node's log, where it counts as
 * the id's history only if the new owner read it before taking over (then the new owner's state
 * includes it), and never after (the new owner's claim ends this log's part of the history before
 * it). Either way the caller must treat the outcome as unknown, as after a timeout.
 */
public class FencedWriteException extends JournalException {
  private static final long serialVersionUID = 1L;

  private final String persistenceId;

  public FencedWriteException(String persistenceId, String message) {
    super(message);
    this.persistenceId = persistenceId;
  }

  /** The id whose write was refused. */
  public String persistenceId() {
    return persistenceId;
  }
}
