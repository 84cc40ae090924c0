package io.interstice.runtime.module.outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The outgoing messages of a module that their targets have not acknowledged yet, per target, and
 * the next sequence number per target. Filled by committed transactions, emptied by
 * acknowledgements; what is in it after recovery is delivered again.
 *
 * <p>Deliberately mutable and part of {@link ModuleState}: owned by the module actor's thread (see
 * there for the snapshot exception).
 */
public final class Outbox {
  private final Map<String, Long> lastSeq = new TreeMap<>();
  private final Map<String, NavigableMap<Long, OutboxEntry>> unacked = new TreeMap<>();

  /** The sequence number the next entry to {@code target} gets. */
  public long nextSeq(String target) {
    return lastSeq.getOrDefault(target, 0L) + 1;
  }

  /** Records a committed entry (its sequence number must be the next one for its target). */
  public void add(OutboxEntry entry) {
    long expected = nextSeq(entry.target());
    if (entry.seq() != expected) {
      throw new IllegalStateException(
          "outbox entry to "
              + entry.target()
              + " has number "
              + entry.seq()
              + ", expected "
              + expected);
    }
    lastSeq.put(entry.target(), entry.seq());
    unacked.computeIfAbsent(entry.target(), target -> new TreeMap<>()).put(entry.seq(), entry);
  }

  /**
   * Drops the entries to {@code target} up to {@code upTo}; returns how many were still
   * unacknowledged.
   */
  public int acknowledge(String target, long upTo) {
    var entries = unacked.get(target);
    if (entries == null) {
      return 0;
    }
    var done = entries.headMap(upTo, true);
    int count = done.size();
    done.clear();
    if (entries.isEmpty()) {
      unacked.remove(target);
    }
    return count;
  }

  /**
   * Drops every unacknowledged entry (the module is removed); numbering per target goes on, so that
   * the targets never take a later entry for one they consumed.
   */
  public void dropUnacknowledged() {
    unacked.clear();
  }

  /** Every unacknowledged entry, per target in sequence order. */
  public List<OutboxEntry> unacknowledged() {
    var all = new ArrayList<OutboxEntry>();
    unacked.values().forEach(entries -> all.addAll(entries.values()));
    return all;
  }

  /** The unacknowledged entries per target, in sequence order; a read-only view. */
  public Map<String, NavigableMap<Long, OutboxEntry>> unacknowledgedByTarget() {
    return java.util.Collections.unmodifiableMap(unacked);
  }

  public boolean isEmpty() {
    return unacked.isEmpty();
  }

  /** The last sequence number used per target (for snapshots). */
  public Map<String, Long> lastSeqs() {
    return lastSeq;
  }

  /** Restores a target's last sequence number (from a snapshot). */
  public void restoreLastSeq(String target, long seq) {
    lastSeq.put(target, seq);
  }

  /** Restores an unacknowledged entry (from a snapshot), leaving sequence numbers alone. */
  public void restoreEntry(OutboxEntry entry) {
    unacked.computeIfAbsent(entry.target(), target -> new TreeMap<>()).put(entry.seq(), entry);
  }
}
