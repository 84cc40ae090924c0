package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.testmodules.Reminders;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Durable schedules: fire once, repeat until cancelled, survive restarts without catching up. */
class SchedulesTest {
  @TempDir Path dir;

  private static long rings(IntersticeNode node, String label) {
    return (Long) node.query("reminders", "rings", label);
  }

  @Test
  void shouldFireOnceRepeatAndStopWhenCancelled() throws Exception {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Reminders.class);
      node.call("reminders", "remind", "once", 100L);
      node.call("reminders", "remind", "never", 400L);
      node.call("reminders", "stop", "never");
      node.call("reminders", "every", "tick", 150L);
      SubscriptionsTest.eventually("the one-off", () -> rings(node, "once") == 1L);
      SubscriptionsTest.eventually("three ticks", () -> rings(node, "tick") >= 3L);
      node.call("reminders", "stop", "tick");
      long ticks = rings(node, "tick");
      Thread.sleep(600);
      assertEquals(ticks, rings(node, "tick"), "a cancelled schedule went on");
      assertEquals(1L, rings(node, "once"));
      assertEquals(0L, rings(node, "never"));
      var gone =
          assertThrows(CallFailedException.class, () -> node.call("reminders", "stop", "once"));
      assertTrue(gone.getMessage().contains("already gone"), gone.getMessage());
      var misfit =
          assertThrows(CallFailedException.class, () -> node.call("reminders", "misschedule"));
      assertEquals(ErrorKind.REDUCER_FAILED, misfit.kind());
      assertTrue(misfit.getMessage().contains("label"), misfit.getMessage());
    }
  }

  @Test
  void shouldFireSchedulesThatCameDueWhileTheNodeWasDownOnce() throws Exception {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Reminders.class);
      node.call("reminders", "remind", "late", 1_500L);
      node.call("reminders", "every", "pulse", 400L);
      SubscriptionsTest.eventually("a pulse", () -> rings(node, "pulse") >= 1L);
    }
    long pulsesBefore;
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      pulsesBefore = rings(node, "pulse");
    }
    Thread.sleep(2_500); // the one-off and about six pulses come due while no node runs
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      SubscriptionsTest.eventually("the late one-off", () -> rings(node, "late") == 1L);
      long afterRecovery = rings(node, "pulse");
      assertTrue(
          afterRecovery <= pulsesBefore + 2, "missed pulses were caught up: " + afterRecovery);
      SubscriptionsTest.eventually("pulses go on", () -> rings(node, "pulse") >= afterRecovery + 2);
      assertEquals(1L, rings(node, "late"));
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      Thread.sleep(300);
      assertEquals(1L, rings(node, "late"), "a one-off fired again after a restart");
    }
  }

  @Test
  void shouldKeepAModuleWhoseSchedulesLieFarAheadServingAcrossRestarts() throws Exception {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Reminders.class);
      node.call(
          "reminders", "remind", "next-year", 300L * 24 * 3600 * 1000); // past Pekko's 248 days
      node.call("reminders", "remind", "end-of-time", Long.MAX_VALUE); // overflowed into the past
      node.call("reminders", "remind", "soon", 50L);
      SubscriptionsTest.eventually("the near one", () -> rings(node, "soon") == 1L);
      assertEquals(0L, rings(node, "end-of-time"), "a delay past the end of time rang at once");
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.call("reminders", "remind", "after-restart", 50L);
      SubscriptionsTest.eventually(
          "a ring after the restart", () -> rings(node, "after-restart") == 1L);
      assertEquals(0L, rings(node, "next-year"));
      assertEquals(0L, rings(node, "end-of-time"));
    }
  }
}
