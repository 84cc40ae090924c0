package io.interstice.journal;

/**
 * Whether this node may still acknowledge writes of a persistence id: the journal asks after a
 * write is forced and before it acknowledges it, and again before it writes at all. A node that
 * lost the right to write an id (its module moved to another node while this one was paused or cut
 * off) is a stale writer: its writes fail instead of being acknowledged, so no client is told of a
 * write that the id's new owner will never read.
 *
 * <p>The runtime registers its fence with {@link JournalRegistry#fence(WriteFence)} when a lease
 * guards its shards; until then, and on a node without leases, the journal uses {@link #NONE}, for
 * which it skips every check.
 *
 * <p>Implementations are called from the journal actor and from the log's writer thread, tens of
 * thousands of times a second: they must be thread-safe, never block and never touch a file (read
 * what the lease keeps in memory).
 */
@FunctionalInterface
public interface WriteFence {
  /** Lets every write through: a node whose ids no other node may take over meanwhile. */
  WriteFence NONE = persistenceId -> true;

  /**
   * True while this node certainly holds the right to write {@code persistenceId}; false when it
   * may have lost it. An id that no lease covers is never refused.
   */
  boolean mayAcknowledge(String persistenceId);
}
