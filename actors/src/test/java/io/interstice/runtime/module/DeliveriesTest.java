package io.interstice.runtime.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.module.outbox.Outbox;
import io.interstice.runtime.module.outbox.OutboxEntry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The producer's resends: they back off per target while it stays silent, and reset on an ack. */
class DeliveriesTest {
  private final List<String> sent = new ArrayList<>();
  private final Deliveries deliveries =
      new Deliveries("caller", (target, command) -> sent.add(target), 60);

  private static OutboxEntry entry(String target, long seq) {
    return new OutboxEntry(
        target, seq, OutboxEntry.Kind.CALL, "go", "[]".getBytes(), 1, "caller.tick");
  }

  private long resendsTo(String target) {
    return sent.stream().filter(target::equals).count();
  }

  @Test
  void shouldResendToASilentTargetALogarithmicNumberOfTimesUpToTheCap() {
    var outbox = new Outbox();
    outbox.add(entry("mute", 1));
    for (int tick = 1; tick <= 100; tick++) {
      deliveries.tick(outbox);
    }
    // Ticks 2, 4, 8, 16, 32, 64: doubling; the cap of 60 ticks is not reached before tick 124.
    assertEquals(6, resendsTo("mute"), sent.toString());
    for (int tick = 101; tick <= 100 + 600; tick++) {
      deliveries.tick(outbox);
    }
    // Then one per 60 ticks: 700 ticks of silence cost 6 + 10 resends, not 699.
    assertEquals(16, resendsTo("mute"));
  }

  @Test
  void shouldStartTheBackoffAgainOnceTheTargetAcknowledges() {
    var outbox = new Outbox();
    outbox.add(entry("slow", 1));
    outbox.add(entry("slow", 2));
    for (int tick = 1; tick <= 40; tick++) {
      deliveries.tick(outbox);
    }
    long before = resendsTo("slow");
    assertEquals(2 * 5, before, "ticks 2, 4, 8, 16, 32, two entries each");
    outbox.acknowledge("slow", 1);
    deliveries.tick(outbox); // sees the new head
    deliveries.tick(outbox); // stuck again: resent at once, the wait back to one tick
    assertEquals(before + 1, resendsTo("slow"));
    outbox.acknowledge("slow", 2);
    for (int tick = 0; tick < 100; tick++) {
      deliveries.tick(outbox);
    }
    assertEquals(before + 1, resendsTo("slow"), "nothing left to resend");
  }

  @Test
  void shouldBackOffPerTarget() {
    var outbox = new Outbox();
    outbox.add(entry("mute", 1));
    for (int tick = 1; tick <= 10; tick++) {
      deliveries.tick(outbox);
    }
    outbox.add(entry("other", 1));
    deliveries.tick(outbox);
    deliveries.tick(outbox);
    assertEquals(1, resendsTo("other"), "a new target is not held back by another's silence");
    assertTrue(resendsTo("mute") <= 4, sent.toString());
  }
}
