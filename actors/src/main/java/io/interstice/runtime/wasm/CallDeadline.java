package io.interstice.runtime.wasm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wall-time limit of one guest call: once the deadline has passed, a watchdog thread interrupts
 * the thread running the call, and Chicory (interpreted or compiled) traps at the guest's next call
 * or backward branch.
 *
 * <p>The call runs on a module actor's dispatcher thread, which goes on to run other actors and the
 * journal's file writes, where a stray interrupt would close a file channel. So the interrupt must
 * never outlive the call: {@link #finish()} and the watchdog agree through one atomic state which
 * of them wins, and when the watchdog has fired, {@link #finish()} waits until the interrupt is
 * delivered and then clears it. An interrupt the thread had before the call is kept.
 *
 * <p>Starting and finishing a deadline costs two operations on a concurrent set and wakes no
 * thread: the watchdog (one daemon thread, started with the first deadline) looks at the running
 * calls every {@link #TICK_MILLIS} ms, so a call is stopped up to that much after its deadline. A
 * timer per call would instead wake the timer thread at every call, as each new deadline becomes
 * the earliest one once the previous call cancelled its own. Thread-safe.
 */
final class CallDeadline {
  static final long TICK_MILLIS = 5;
  private static final Logger LOG = LoggerFactory.getLogger(CallDeadline.class);

  private static final int RUNNING = 0;
  private static final int FINISHED = 1;
  private static final int FIRING = 2;
  private static final int FIRED = 3;

  private static final Set<CallDeadline> RUNNING_CALLS = ConcurrentHashMap.newKeySet();
  private static volatile Thread watchdog;

  private final Thread thread;
  private final boolean interruptedBefore;
  private final long startNanos;
  private final long deadlineNanos;
  private final long longAfterNanos;
  private final int maxLongCalls;
  private final AtomicInteger state = new AtomicInteger(RUNNING);
  private volatile boolean cutShort;

  private CallDeadline(Duration limit, Duration longAfter, int maxLongCalls) {
    thread = Thread.currentThread();
    interruptedBefore = Thread.interrupted();
    startNanos = System.nanoTime();
    deadlineNanos = startNanos + limit.toNanos();
    longAfterNanos = longAfter.toNanos();
    this.maxLongCalls = maxLongCalls;
  }

  /** Starts the clock for a call on the current thread, with no bound on long calls. */
  static CallDeadline start(Duration limit) {
    return start(limit, limit, Integer.MAX_VALUE);
  }

  /**
   * Starts the clock for a call on the current thread. Once it has run {@code longAfter}, it is a
   * long call; if {@code maxLongCalls} calls that became long before it are still running, it is
   * stopped there ({@link #cutShort()}), so that guests looping until their time limit hold at most
   * that many of the node's cores.
   */
  static CallDeadline start(Duration limit, Duration longAfter, int maxLongCalls) {
    var deadline = new CallDeadline(limit, longAfter, maxLongCalls);
    if (watchdog == null) {
      startWatchdog();
    }
    RUNNING_CALLS.add(deadline);
    return deadline;
  }

  /** Whether the call was stopped before its deadline because too many others ran long. */
  boolean cutShort() {
    return cutShort;
  }

  /** Interrupts the call's thread unless the call finished first. */
  private void fire() {
    if (state.compareAndSet(RUNNING, FIRING)) {
      try {
        thread.interrupt();
      } finally {
        // finish() waits for this; it must come whatever happens.
        state.set(FIRED);
      }
    }
    RUNNING_CALLS.remove(this);
  }

  /**
   * Ends the call on its own thread: the watchdog can no longer fire, and its interrupt, if it
   * fired, is cleared. Returns whether the deadline passed (the watchdog fired).
   */
  boolean finish() {
    boolean fired;
    if (state.compareAndSet(RUNNING, FINISHED)) {
      RUNNING_CALLS.remove(this);
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

  private static synchronized void startWatchdog() {
    if (watchdog != null) {
      return;
    }
    var thread = new Thread(CallDeadline::watch, "interstice-wasm-watchdog");
    thread.setDaemon(true);
    thread.start();
    watchdog = thread;
  }

  /**
   * Stops each long call that finds at least its {@code maxLongCalls} calls running long that
   * started before it: the earliest keep their cores until their deadline.
   */
  private static void cutLongCalls(List<CallDeadline> longCalls) {
    longCalls.sort(Comparator.comparingLong(deadline -> deadline.startNanos));
    for (int i = 0; i < longCalls.size(); i++) {
      var deadline = longCalls.get(i);
      if (i >= deadline.maxLongCalls) {
        deadline.cutShort = true;
        deadline.fire();
      }
    }
  }

  private static void watch() {
    while (true) {
      try {
        Thread.sleep(TICK_MILLIS);
        long now = System.nanoTime();
        List<CallDeadline> longCalls = null;
        for (var deadline : RUNNING_CALLS) {
          if (now - deadline.deadlineNanos >= 0) {
            deadline.fire();
          } else if (now - deadline.startNanos >= deadline.longAfterNanos) {
            if (longCalls == null) {
              longCalls = new ArrayList<>();
            }
            longCalls.add(deadline);
          }
        }
        if (longCalls != null) {
          cutLongCalls(longCalls);
        }
      } catch (InterruptedException e) {
        // Nothing interrupts this thread on purpose; keep watching.
      } catch (RuntimeException | Error e) {
        // Dying would silently lift every time limit; log and keep watching.
        LOG.error("the WASM time-limit watchdog failed; it goes on", e);
      }
    }
  }
}
