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
}
