package io.interstice.runtime.module;

import io.interstice.journal.JournalRegistry;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;

/**
 * When a module saves a snapshot and what it then deletes: a snapshot every {@code snapshot-every}
 * transactions (each time the transaction id passes a multiple of it), keeping the newest {@code
 * keep-snapshots}; with {@code delete-events-on-snapshot} the events up to the oldest kept snapshot
 * are deleted, and the snapshots before it in any case.
 *
 * <p>Pekko's own retention counts events, and one event of a module may hold the transactions of a
 * whole batch of calls ({@code ModuleEvent.Batch}): counted in events, snapshots would grow further
 * apart the busier the module, and with them the replay after a restart. Pekko deletes only after
 * the snapshots its own count triggers, so the deletions go to the binary-log journal and snapshot
 * store directly ({@link JournalRegistry#deleteEventsTo}); with other plugins (the in-memory
 * journal of tests) nothing is deleted.
 *
 * <p>Not thread-safe: owned by the module's actor.
 */
final class SnapshotRetention {
  private final String persistenceId;
  private final ModuleSettings settings;
  private final JournalRegistry journals;
  private final Logger log;
  private final Deque<Long> kept = new ArrayDeque<>();
  private long txAtLastSnapshot;

  SnapshotRetention(
      String persistenceId, ModuleSettings settings, JournalRegistry journals, Logger log) {
    this.persistenceId = persistenceId;
    this.settings = settings;
    this.journals = journals;
    this.log = log;
  }

  /** Recovery is over, from the snapshot at {@code snapshotSequenceNr} (0: none). */
  void recovered(long snapshotSequenceNr, long lastTxId) {
    txAtLastSnapshot = lastTxId;
    kept.clear();
    if (snapshotSequenceNr > 0) {
      kept.add(snapshotSequenceNr);
    }
  }

  /** Whether the write that brought the module to {@code lastTxId} is to be snapshotted. */
  boolean due(long lastTxId) {
    long every = settings.snapshotEvery();
    if (every == 0 || lastTxId / every == txAtLastSnapshot / every) {
      return false;
    }
    txAtLastSnapshot = lastTxId;
    return true;
  }

  /** A snapshot at {@code sequenceNr} was saved: deletes what the kept ones make unneeded. */
  void saved(long sequenceNr) {
    kept.addLast(sequenceNr);
    if (kept.size() <= settings.keepSnapshots()) {
      return;
    }
    while (kept.size() > settings.keepSnapshots()) {
      kept.removeFirst();
    }
    long oldestKept = kept.peekFirst();
    if (settings.deleteEventsOnSnapshot()) {
      journals
          .deleteEventsTo(persistenceId, oldestKept)
          .whenComplete((ok, e) -> warnIfFailed("deleting old events", e));
    }
    journals
        .deleteSnapshotsTo(persistenceId, oldestKept - 1)
        .whenComplete((ok, e) -> warnIfFailed("deleting old snapshots", e));
  }

  private void warnIfFailed(String step, Throwable failure) {
    if (failure != null) {
      // Harmless for the module: what was to be deleted stays, and the next snapshot tries again.
      log.warn("{}: {} failed", persistenceId, step, failure);
    }
  }
}
