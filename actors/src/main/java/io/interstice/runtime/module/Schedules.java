package io.interstice.runtime.module;

import java.util.Collection;
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

  /** Applies the schedule effects of a committed transaction. */
  void apply(ModuleActor.TxCommitted tx) {
    if (tx.trigger() instanceof Trigger.ScheduledRun run) {
      var ran = byId.remove(run.scheduleId());
      if (ran != null) {
        var next = ran.afterRun(tx.timestampMicros());
        if (next != null) {
          byId.put(next.id(), next);
        }
      }
    }
    for (var schedule : tx.scheduled()) {
      byId.put(schedule.id(), schedule);
      lastId = Math.max(lastId, schedule.id());
    }
    tx.cancelled().forEach(byId::remove);
  }

  /** Drops every schedule (the module is removed); ids keep counting from the last one. */
  void clear() {
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
