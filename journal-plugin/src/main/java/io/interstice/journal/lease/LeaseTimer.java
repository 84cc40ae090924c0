package io.interstice.journal.lease;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * When a {@link FileLease} renews itself and gives up on a slow operation: one-shot timers. Tests
 * substitute timers they fire by hand, together with a {@link LeaseClock} they move.
 *
 * <p>Implementations must be thread-safe; tasks must be short (a lease's timers only hand work to
 * its I/O executor).
 */
@FunctionalInterface
public interface LeaseTimer {
  /** Runs {@code task} once, {@code delay} from now, unless cancelled first. */
  Scheduled schedule(Duration delay, Runnable task);

  /** A task waiting to run. */
  @FunctionalInterface
  interface Scheduled {
    /** Keeps the task from running if it has not started; harmless after it ran. */
    void cancel();
  }

  /** Timers on {@code executor}. */
  static LeaseTimer of(ScheduledExecutorService executor) {
    return (delay, task) -> {
      var future = executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
      return () -> future.cancel(false);
    };
  }
}
