package io.interstice.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The read-ahead bound between a replay's reading thread and the actor applying it. */
class ReplayPacerTest {
  private static final long LONG_STALL = TimeUnit.SECONDS.toNanos(30);

  /**
   * Sends {@code count} events from a thread of its own; {@code sent} counts those handed over. A
   * thread, not the common pool, so that nothing else in the test JVM can hold the reader up.
   */
  private static CompletableFuture<Void> reader(
      ReplayPacer pacer, int count, int window, long stallNanos, AtomicLong sent) {
    return reader(pacer, count, window, Long.MAX_VALUE, 1, stallNanos, sent);
  }

  /** Sends events of {@code bytes} bytes each with a byte window too. */
  private static CompletableFuture<Void> reader(
      ReplayPacer pacer,
      int count,
      int window,
      long windowBytes,
      int bytes,
      long stallNanos,
      AtomicLong sent) {
    var done = new CompletableFuture<Void>();
    var thread =
        new Thread(
            () -> {
              try {
                for (int i = 0; i < count; i++) {
                  pacer.beforeSend(window, windowBytes, bytes, stallNanos);
                  sent.incrementAndGet();
                }
                done.complete(null);
              } catch (Throwable e) {
                done.completeExceptionally(e);
              }
            },
            "replay-reader");
    thread.setDaemon(true);
    thread.start();
    return done.orTimeout(30, TimeUnit.SECONDS)
        .whenComplete(
            (ok, e) -> {
              if (e != null) {
                // A hang: what the reader was doing, for the failure's report.
                var trace =
                    new StringBuilder(
                        "reader at " + sent.get() + ", in flight " + pacer.inFlight() + ":");
                for (var frame : thread.getStackTrace()) {
                  trace.append("\n  at ").append(frame);
                }
                System.err.println(trace);
              }
            });
  }

  private static void awaitValue(AtomicLong value, long expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (value.get() != expected && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(expected, value.get());
  }

  @Test
  void shouldStopReadingAheadAtTheByteWindowUntilHalfOfTheEventsAreApplied() throws Exception {
    var pacer = new ReplayPacer("p");
    var sent = new AtomicLong();
    var reading = reader(pacer, 50, 1000, 1000, 100, LONG_STALL, sent);
    awaitValue(sent, 10);
    Thread.sleep(200);
    assertEquals(10, sent.get(), "ten events of 100 bytes fill a window of 1,000 bytes");
    for (int i = 0; i < 4; i++) {
      pacer.consumed();
    }
    Thread.sleep(200);
    assertEquals(10, sent.get(), "resumes only once half of the events in flight are applied");
    pacer.consumed();
    awaitValue(sent, 15);
    for (int i = 0; i < 40; i++) {
      pacer.consumed();
    }
    reading.get(10, TimeUnit.SECONDS);
    assertEquals(50, sent.get());
  }

  @Test
  void shouldHandOverAnEventLargerThanTheByteWindowAloneOnceTheOthersAreApplied() throws Exception {
    var pacer = new ReplayPacer("p");
    var sent = new AtomicLong();
    var reading = reader(pacer, 3, 1000, 10, 50, LONG_STALL, sent);
    awaitValue(sent, 1);
    Thread.sleep(200);
    assertEquals(1, sent.get(), "a second oversized event waits for the first");
    pacer.consumed();
    awaitValue(sent, 2);
    pacer.consumed();
    reading.get(10, TimeUnit.SECONDS);
    assertEquals(3, sent.get());
  }

  @Test
  void shouldStopReadingAheadAtTheWindowUntilHalfOfItIsApplied() throws Exception {
    var pacer = new ReplayPacer("p");
    var sent = new AtomicLong();
    var reading = reader(pacer, 100, 8, LONG_STALL, sent);
    awaitValue(sent, 8);
    Thread.sleep(200);
    assertEquals(8, sent.get(), "nothing past the window while nothing is applied");
    assertEquals(8, pacer.inFlight());
    for (int i = 0; i < 3; i++) {
      pacer.consumed();
    }
    Thread.sleep(200);
    assertEquals(8, sent.get(), "resumes only once half the window is applied");
    pacer.consumed();
    awaitValue(sent, 12);
    // 96 applied in all: wherever the reader stops to wait for half its window, it is let go.
    for (int i = 0; i < 92; i++) {
      pacer.consumed();
      assertTrue(pacer.inFlight() <= 8, "in flight " + pacer.inFlight());
    }
    reading.get(30, TimeUnit.SECONDS);
    assertEquals(100, sent.get());
  }

  @Test
  void shouldReadOnWithoutWaitingOnceReleased() throws Exception {
    var pacer = new ReplayPacer("p");
    var sent = new AtomicLong();
    var reading = reader(pacer, 50, 4, LONG_STALL, sent);
    awaitValue(sent, 4);
    pacer.release();
    reading.get(30, TimeUnit.SECONDS);
    assertEquals(50, sent.get());
  }

  @Test
  void shouldStopPacingWhenTheActorAppliesNothingForTheStallTimeout() throws Exception {
    var pacer = new ReplayPacer("p");
    var sent = new AtomicLong();
    long start = System.nanoTime();
    reader(pacer, 50, 4, Duration.ofMillis(300).toNanos(), sent).get(30, TimeUnit.SECONDS);
    long waited = System.nanoTime() - start;
    assertEquals(50, sent.get());
    assertTrue(waited >= Duration.ofMillis(300).toNanos(), "waited " + waited + " ns");
  }

  @Test
  void shouldKeepWaitingWhileTheActorMakesProgress() throws Exception {
    var pacer = new ReplayPacer("p");
    var sent = new AtomicLong();
    long stall = Duration.ofMillis(300).toNanos();
    var reading = reader(pacer, 40, 4, stall, sent);
    // One event applied every 50 ms: slower than the reader, never stalled for 300 ms.
    for (int applied = 0; applied < 40; applied++) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (sent.get() <= applied && System.nanoTime() < deadline) {
        Thread.sleep(1); // the reader gets ahead again after every half window applied
      }
      assertTrue(sent.get() > applied, "the reader stalled at " + sent.get());
      assertTrue(sent.get() - applied <= 4, "read ahead " + (sent.get() - applied));
      Thread.sleep(50);
      pacer.consumed();
    }
    reading.get(30, TimeUnit.SECONDS);
  }
}
