package io.interstice.journal;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per persistence id, the write of the binary-log journal still waiting for its force, and the
 * failure of a write that was acknowledged and then lost: shared by the journal (which refuses the
 * later writes of a lost id and waits for writes in flight before it reports the highest sequence
 * number) and the snapshot store (which saves no snapshot before the events it covers are forced).
 *
 * <p>Writes of one id complete in the order they were queued (the log has one writer), so the last
 * one queued is the one to wait for.
 *
 * <p>Thread-safety: concurrent maps; any thread.
 */
final class DurableWrites {
  private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
  private final Map<String, Throwable> lost = new ConcurrentHashMap<>();

  /** A write of {@code persistenceId} was queued; {@code settled} completes once it is forced. */
  void started(String persistenceId, CompletableFuture<Void> settled) {
    inFlight.put(persistenceId, settled);
    settled.whenComplete((ok, error) -> inFlight.remove(persistenceId, settled));
  }

  /** Completes (normally, whatever their outcome) once every write of the id queued so far is. */
  CompletableFuture<Void> settled(String persistenceId) {
    var pending = inFlight.get(persistenceId);
    return pending == null
        ? CompletableFuture.completedFuture(null)
        : pending.handle((ok, error) -> null);
  }

  /**
   * Completes once every write of the id queued so far is forced; fails when one of them, or an
   * earlier one since the id last recovered, was lost.
   */
  CompletableFuture<Void> forced(String persistenceId) {
    return settled(persistenceId)
        .thenRun(
            () -> {
              var cause = lost.get(persistenceId);
              if (cause != null) {
                throw new JournalIoException(
                    "events of '"
                        + persistenceId
                        + "' were acknowledged but never forced: "
                        + cause.getMessage(),
                    cause);
              }
            });
  }

  /** Why the id's writes are refused until it recovers, or null. */
  Throwable lost(String persistenceId) {
    return lost.get(persistenceId);
  }

  /** A write of the id failed after it was queued: refuse the id's writes until it recovers. */
  void lose(String persistenceId, Throwable cause) {
    lost.putIfAbsent(persistenceId, cause);
  }

  /** The id recovers (its highest sequence number was read): it may write again. */
  void recovering(String persistenceId) {
    lost.remove(persistenceId);
  }
}
