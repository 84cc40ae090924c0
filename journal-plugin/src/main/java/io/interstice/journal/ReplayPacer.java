package io.interstice.journal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounds how far a replay reads ahead of the actor that applies it. Pekko's replay protocol has no
 * back-pressure: the journal hands every replayed event to the actor's mailbox as fast as it can
 * read and decode the log, and an actor that applies events more slowly than that would otherwise
 * hold most of its history in its mailbox at once (a 10-million-event history does not fit a 1 GiB
 * heap). The recovering actor announces itself before its replay starts ({@link
 * JournalRegistry#expectReplay}) and counts every event it has applied ({@link #consumed}); the
 * journal's reading thread waits before handing over an event while {@code window} events are in
 * flight, or events of {@code windowBytes} payload bytes (a module's batch event can hold thousands
 * of transactions), and resumes once half of them are applied.
 *
 * <p>The reader never waits forever: when the actor applies nothing for the stall timeout (it
 * stopped, or failed, mid-replay) or {@link #release releases} the pacer, the reader stops pacing
 * and finishes the replay unthrottled, as without a pacer.
 *
 * <p>Thread-safety: one reading thread calls {@link #beforeSend}; one applying thread calls {@link
 * #consumed}; {@link #release} may be called from any thread.
 */
public final class ReplayPacer {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayPacer.class);
  private static final long NO_WAITER = Long.MAX_VALUE;
  private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final String persistenceId;
  private final AtomicLong consumed = new AtomicLong();
  private long sent; // reading thread only, as the three below
  private long accounted; // applied events whose bytes are off bytesInFlight
  private long bytesInFlight;
  private int[] sizes; // payload sizes of the events in flight, a ring indexed by event number
  private volatile long resumeAt = NO_WAITER;
  private volatile Thread waiting;
  private volatile boolean released;

  ReplayPacer(String persistenceId) {
    this.persistenceId = persistenceId;
  }

  /** The applying side: one more replayed event was applied. */
  public void consumed() {
    long done = consumed.incrementAndGet();
    if (done >= resumeAt) {
      var reader = waiting;
      if (reader != null) {
        LockSupport.unpark(reader);
      }
    }
  }

  /** The applying side is done (recovered, or stopped): the reader need not wait any more. */
  public void release() {
    released = true;
    var reader = waiting;
    if (reader != null) {
      LockSupport.unpark(reader);
    }
  }

  /** Events handed over and not yet applied; for tests and diagnostics. */
  long inFlight() {
    return sent - consumed.get();
  }

  /**
   * The reading side, before it hands over one more event of {@code bytes} payload bytes: waits
   * while {@code window} events, or events of {@code windowBytes} bytes with this one, are in
   * flight, until half of them are applied. An event larger than {@code windowBytes} waits for
   * every event before it to be applied, then goes alone.
   */
  void beforeSend(int window, long windowBytes, int bytes, long stallNanos) {
    if (!released) {
      settle();
      long inFlight = sent - accounted;
      if (inFlight >= window) {
        awaitRoom(sent - Math.max(1, window / 2), stallNanos);
      } else if (inFlight > 0 && bytesInFlight + bytes > windowBytes) {
        awaitRoom(sent - inFlight / 2, stallNanos);
      }
      if (!released) {
        settle();
        if (sizes == null || sizes.length < window) {
          sizes = grown(window);
        }
        if (sent >= accounted) { // else the event counts as applied already (see settle)
          sizes[(int) (sent % sizes.length)] = bytes;
          bytesInFlight += bytes;
        }
      }
    }
    sent++;
  }

  /** Takes the events the actor has applied since the last look off the bytes in flight. */
  private void settle() {
    long done = consumed.get();
    long handedOver = Math.min(done, sent);
    while (accounted < handedOver) {
      bytesInFlight -= sizes[(int) (accounted % sizes.length)];
      accounted++;
    }
    // The count may run ahead of what this reader sent (an actor counting events it got another
    // way): as with the event window, the events up to it go without taking room.
    accounted = Math.max(accounted, done);
  }

  /** A ring for {@code window} sizes holding the in-flight ones at their places. */
  private int[] grown(int window) {
    var ring = new int[window];
    for (long i = accounted; i < sent; i++) {
      ring[(int) (i % window)] = sizes[(int) (i % sizes.length)];
    }
    return ring;
  }

  private void awaitRoom(long target, long stallNanos) {
    resumeAt = target;
    waiting = Thread.currentThread();
    try {
      long seen = consumed.get();
      long deadline = System.nanoTime() + stallNanos;
      while (!released && seen < target) {
        long now = System.nanoTime();
        if (now - deadline >= 0) {
          released = true;
          LOG.warn(
              "replay of '{}': the recovering actor applied nothing for {} ms with {} events in"
                  + " flight; reading on without waiting for it",
              persistenceId,
              TimeUnit.NANOSECONDS.toMillis(stallNanos),
              sent - seen);
          return;
        }
        LockSupport.parkNanos(this, Math.min(deadline - now, MAX_PARK_NANOS));
        long done = consumed.get();
        if (done != seen) {
          seen = done;
          deadline = System.nanoTime() + stallNanos; // progress: the actor is alive
        }
      }
    } finally {
      waiting = null;
      resumeAt = NO_WAITER;
    }
  }
}
