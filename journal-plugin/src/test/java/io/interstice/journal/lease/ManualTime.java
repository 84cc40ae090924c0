package io.interstice.journal.lease;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One test node's clocks and timers, moved by hand: {@link #advance} runs the timers that fall due
 * on the way (a node at work), {@link #pause} lets time pass without running any (a node stopped
 * with SIGSTOP, or frozen in a long GC pause). The wall clock can be set off from the others'.
 *
 * <p>Thread-safe; timers run on the thread that advances the time, without this object's lock.
 */
final class ManualTime implements LeaseClock, LeaseTimer {
  private record Task(long dueNanos, long order, Runnable run) {}

  private long nanos = 1_000_000_000L;
  private long wallMillis;
  private long order;
  private final List<Task> tasks = new ArrayList<>();

  ManualTime(long wallMillis) {
    this.wallMillis = wallMillis;
  }

  @Override
  public synchronized long wallMillis() {
    return wallMillis;
  }

  @Override
  public synchronized long nanos() {
    return nanos;
  }

  @Override
  public synchronized Scheduled schedule(Duration delay, Runnable run) {
    var task = new Task(nanos + delay.toNanos(), order++, run);
    tasks.add(task);
    return () -> {
      synchronized (this) {
        tasks.remove(task);
      }
    };
  }

  /** Moves both clocks forward by {@code by}, running every timer that falls due, in order. */
  void advance(Duration by) {
    long target;
    synchronized (this) {
      target = nanos + by.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next =
            tasks.stream()
                .filter(t -> t.dueNanos() <= target)
                .min(Comparator.comparingLong(Task::dueNanos).thenComparingLong(Task::order))
                .orElse(null);
        if (next == null) {
          move(target - nanos);
          return;
        }
        tasks.remove(next);
        move(Math.max(0, next.dueNanos() - nanos));
      }
      next.run().run();
    }
  }

  /** Moves both clocks forward by {@code by} and runs nothing: the node is frozen meanwhile. */
  synchronized void pause(Duration by) {
    move(by.toNanos());
  }

  /** Sets this node's wall clock {@code by} ahead of where it was (negative: behind). */
  synchronized void skewWall(Duration by) {
    wallMillis += by.toMillis();
  }

  private void move(long byNanos) {
    long before = nanos;
    nanos += byNanos;
    wallMillis += (nanos / 1_000_000L) - (before / 1_000_000L);
  }
}
