package io.interstice.runtime.wasm;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The wall-time limit of one guest call: at the deadline a watchdog thread interrupts the thread
 * running the call, and Chicory (interpreted or compiled) traps at the guest's next call or
 * backward branch.
 *
 * <p>The call runs on a module actor's dispatcher thread, which goes on to run other actors and the
 * journal's file writes, where a stray interrupt would close a file channel. So the interrupt must
 * never outlive the call: {@link #finish()} and the watchdog agree through one atomic state which
 * of them wins, and when the watchdog has fired, {@link #finish()} waits until the interrupt is
 * delivered and then clears it. An interrupt the thread had before the call is kept.
 */
final class CallDeadline implements Runnable {
  private static final int RUNNING = 0;
  private static final int FINISHED = 1;
  private static final int FIRING = 2;
  private static final int FIRED = 3;

  private static final ScheduledThreadPoolExecutor WATCHDOG = watchdog();

  private final Thread thread;
  private final boolean interruptedBefore;
  private final AtomicInteger state = new AtomicInteger(RUNNING);
  private final ScheduledFuture<?> timer;

  private CallDeadline(Duration limit) {
    thread = Thread.currentThread();
    interruptedBefore = Thread.interrupted();
    timer = WATCHDOG.schedule(this, limit.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Starts the clock for a call on the current thread. */
  static CallDeadline start(Duration limit) {
    return new CallDeadline(limit);
  }

  @Override
  public void run() {
    if (state.compareAndSet(RUNNING, FIRING)) {
      thread.interrupt();
      state.set(FIRED);
    }
  }

  /**
   * Ends the call on its own thread: the watchdog can no longer fire, and its interrupt, if it
   * fired, is cleared. Returns whether the deadline passed (the watchdog fired).
   */
  boolean finish() {
    boolean fired;
    if (state.compareAndSet(RUNNING, FINISHED)) {
      timer.cancel(false);
      fired = false;
    } else {
      while (state.get() != FIRED) {
        Thread.onSpinWait();
      }
      Thread.interrupted();
      fired = true;
    }
    if (interruptedBefore) {
      thread.interrupt();
    }
    return fired;
  }

  private static ScheduledThreadPoolExecutor watchdog() {
    var executor =
        new ScheduledThreadPoolExecutor(
            1,
            task -> {
              var thread = new Thread(task, "interstice-wasm-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    executor.setRemoveOnCancelPolicy(true);
    return executor;
  }
}
