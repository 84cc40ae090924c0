package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.node.IntersticeNode;
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
      var endOfTime =
          assertThrows(
              CallFailedException.class,
              () -> node.call("reminders", "remind", "end-of-time", Long.MAX_VALUE));
      assertEquals(ErrorKind.MODULE_FAILED, endOfTime.kind());
      assertTrue(
          endOfTime
              .getMessage()
              .contains(
                  "further than the limit of 3650 days"
                      + " (interstice.module.limits.max-schedule-ahead)"),
          endOfTime.getMessage());
      node.call("reminders", "remind", "soon", 50L);
      SubscriptionsTest.eventually("the near one", () -> rings(node, "soon") == 1L);
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.call("reminders", "remind", "after-restart", 50L);
      SubscriptionsTest.eventually(
          "a ring after the restart", () -> rings(node, "after-restart") == 1L);
      assertEquals(0L, rings(node, "next-year"));
      assertEquals(0L, rings(node, "end-of-time"));
      // The far one is still held: cancelling it finds it, the refused one was never made.
      node.call("reminders", "stop", "next-year");
      assertThrows(CallFailedException.class, () -> node.call("reminders", "stop", "end-of-time"));
    }
  }

  @Test
  void shouldRefuseSchedulesTooFrequentOrTooManyNamingTheSetting() throws Exception {
    var limits = "interstice.module.limits { max-pending-schedules = 3 }";
    try (var node = IntersticeNode.builder().dataDir(dir).config(limits).start()) {
      node.deploy(Reminders.class);
      var tooOften =
          assertThrows(
              CallFailedException.class, () -> node.call("reminders", "every", "buzz", 1L));
      assertEquals(ErrorKind.MODULE_FAILED, tooOften.kind());
      assertEquals(
          "reminders.every failed: schedule of ring every 1 ms, more often than the limit of"
              + " every 10 ms (interstice.module.limits.min-schedule-interval)",
          tooOften.getMessage());
      node.call("reminders", "remind", "a", 3_600_000L);
      node.call("reminders", "remind", "b", 3_600_000L);
      node.call("reminders", "every", "c", 3_600_000L);
      var tooMany =
          assertThrows(CallFailedException.class, () -> node.call("reminders", "remind", "d", 1L));
      assertTrue(
          tooMany
              .getMessage()
              .contains(
                  "would be schedule 4 of module reminders, over the limit of 3"
                      + " (interstice.module.limits.max-pending-schedules)"),
          tooMany.getMessage());
      node.call("reminders", "stop", "a");
      node.call("reminders", "remind", "d", 50L);
      SubscriptionsTest.eventually("the one made room for", () -> rings(node, "d") == 1L);
      assertEquals(0L, rings(node, "buzz"));
    }
  }
}
