package io.interstice.runtime.module.schedule;

import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A module's durable schedules by id, and the last id given out. Changed only by applying committed
 * transactions, live or replayed, so it is the same after replay as before the crash.
 *
 * <p>Deliberately mutable and part of {@link ModuleState}; owned by the module actor's thread.
 */
public final class Schedules {
  private final NavigableMap<Long, Schedule> byId = new TreeMap<>();
  private long lastId;

  public long nextId() {
    return lastId + 1;
  }

  public boolean exists(long id) {
    return byId.containsKey(id);
  }

  public Schedule get(long id) {
    return byId.get(id);
  }

  public Collection<Schedule> all() {
    return byId.values();
  }

  /** How many schedules the module holds. */
  public int size() {
    return byId.size();
  }

  public boolean isEmpty() {
    return byId.isEmpty();
  }

  public long lastId() {
    return lastId;
  }

  /** The earliest due time, or {@link Long#MAX_VALUE} when nothing is scheduled. */
  public long earliestDue() {
    long earliest = Long.MAX_VALUE;
    for (var schedule : byId.values()) {
      earliest = Math.min(earliest, schedule.dueMicros());
    }
    return earliest;
  }

  /**
   * Applies the schedule effects of a committed transaction at {@code timestampMicros}: the run of
   * schedule {@code ranId} (0 for none) ends it or moves it to its next time, then the schedules
   * the transaction created and cancelled.
   */
  public void apply(
      long timestampMicros, long ranId, List<Schedule> scheduled, List<Long> cancelled) {
    if (ranId != 0) {
      var ran = byId.remove(ranId);
      if (ran != null) {
        var next = ran.afterRun(timestampMicros);
        if (next != null) {
          byId.put(next.id(), next);
        }
      }
    }
    for (var schedule : scheduled) {
      byId.put(schedule.id(), schedule);
      lastId = Math.max(lastId, schedule.id());
    }
    cancelled.forEach(byId::remove);
  }

  /** Drops every schedule (the module is removed); ids keep counting from the last one. */
  public void clear() {
    byId.clear();
  }

  /** Restores a schedule and the id counter from a snapshot. */
  public void restore(Schedule schedule) {
    byId.put(schedule.id(), schedule);
  }

  public void restoreLastId(long id) {
    lastId = id;
  }
}
