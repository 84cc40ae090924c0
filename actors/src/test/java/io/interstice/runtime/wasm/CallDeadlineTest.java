package io.interstice.runtime.wasm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The wall-time limit's interrupt never outlives its call. */
class CallDeadlineTest {

  @Test
  void shouldInterruptAtTheDeadlineAndClearTheInterruptAfterwards() {
    var deadline = CallDeadline.start(Duration.ofMillis(20));
    while (!Thread.currentThread().isInterrupted()) {
      Thread.onSpinWait();
    }
    assertTrue(deadline.finish(), "the deadline fired");
    assertFalse(Thread.currentThread().isInterrupted(), "the interrupt was cleared");
  }

  @Test
  void shouldNeitherFireNorInterruptWhenTheCallEndsInTime() throws InterruptedException {
    var deadline = CallDeadline.start(Duration.ofMillis(50));
    assertFalse(deadline.finish());
    Thread.sleep(100);
    assertFalse(Thread.currentThread().isInterrupted(), "a finished deadline never fires");
  }

  @Test
  void shouldKeepAnInterruptTheThreadHadBefore() {
    Thread.currentThread().interrupt();
    var deadline = CallDeadline.start(Duration.ofSeconds(10));
    assertFalse(Thread.currentThread().isInterrupted(), "the call runs uninterrupted");
    assertFalse(deadline.finish());
    assertTrue(Thread.interrupted(), "the earlier interrupt is back (and cleared here)");
  }

  @Test
  void shouldStopACallThatBecomesLongWhileTheLimitOfLongCallsRuns() throws Exception {
    var first = new java.util.concurrent.CompletableFuture<CallDeadline>();
    var firstDone = new java.util.concurrent.CountDownLatch(1);
    var runner =
        new Thread(
            () -> {
              var deadline = CallDeadline.start(Duration.ofSeconds(10), Duration.ofMillis(20), 1);
              first.complete(deadline);
              try {
                firstDone.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // a cut would land here; checked below
              }
              deadline.finish();
            });
    runner.start();
    var earlier = first.get();
    Thread.sleep(30); // the first call is long now
    var later = CallDeadline.start(Duration.ofSeconds(10), Duration.ofMillis(20), 1);
    long started = System.nanoTime();
    while (!Thread.currentThread().isInterrupted()) {
      Thread.onSpinWait();
    }
    long waitedMillis = (System.nanoTime() - started) / 1_000_000;
    assertTrue(later.finish(), "the later long call was stopped");
    assertTrue(later.cutShort(), "for being one long call too many");
    assertTrue(waitedMillis < 5_000, "long before its own deadline: " + waitedMillis + " ms");
    assertFalse(earlier.cutShort(), "the earlier long call keeps running");
    firstDone.countDown();
    runner.join();
  }
}
