package io.interstice.runtime.module.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.interstice.runtime.module.state.ModuleEvent.TxCommitted;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each trigger means for the caller a reducer sees and for a failed run's record. */
class TriggerTest {
  @Test
  void shouldGiveEachReducerTheCallerOfItsTrigger() {
    assertEquals("alice", new Trigger.ClientCall("alice").caller());
    assertEquals("module:bank", new Trigger.Delivery("bank", 3).caller());
    assertEquals("schedule:7", new Trigger.ScheduledRun(7).caller());
    assertEquals("runtime", Trigger.LIFECYCLE.caller());
  }

  @Test
  void shouldLogTheErrorOfAFailedDeliveryOrScheduledRun() {
    assertEquals("MODULE_FAILED: x", failed(new Trigger.Delivery("bank", 3)).error());
    assertEquals("MODULE_FAILED: x", failed(new Trigger.ScheduledRun(7)).error());
  }

  @Test
  void shouldRefuseAnErrorOnAClientCallOrLifecycleReducer() {
    var client =
        assertThrows(IllegalArgumentException.class, () -> failed(new Trigger.ClientCall("a")));
    assertEquals(
        "only a delivery or scheduled run is logged with an error, and then without effects;"
            + " found ClientCall[caller=a, idempotencyKey=null]",
        client.getMessage());
    assertThrows(IllegalArgumentException.class, () -> failed(Trigger.LIFECYCLE));
  }

  @Test
  void shouldRefuseAnErrorWithEffects() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new TxCommitted(
                1,
                2,
                3,
                new Trigger.ScheduledRun(7),
                "r",
                new byte[0],
                List.of(),
                List.of(),
                List.of(),
                List.of(7L),
                "MODULE_FAILED: x"));
  }

  @Test
  void shouldRefuseSequenceNumbersAndScheduleIdsBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> new Trigger.Delivery("bank", 0));
    assertThrows(IllegalArgumentException.class, () -> new Trigger.ScheduledRun(0));
  }

  private static TxCommitted failed(Trigger trigger) {
    return TxCommitted.failed(1, 2, 3, trigger, "r", "MODULE_FAILED: x");
  }
}
