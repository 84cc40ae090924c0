package io.interstice.runtime.module.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.interstice.runtime.module.state.IdempotencyWindow.Bounds;
import io.interstice.runtime.module.state.IdempotencyWindow.Entry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link IdempotencyWindow} remembers, and when it forgets, in transaction time. */
class IdempotencyWindowTest {
  private static final long MINUTE = 60_000_000L;

  private final IdempotencyWindow window = new IdempotencyWindow();

  @Test
  void shouldRememberTheKeyOfACommittedClientCallWithItsTransaction() {
    var tx = keyed(4, 1000, "k");
    window.commit(tx);
    assertEquals(
        new Entry("k", IdempotencyWindow.fingerprint(tx), 4, 1000), window.find("k", 1001));
  }

  @Test
  void shouldRememberNothingOfTransactionsWithoutAKey() {
    window.commit(tx(1, 10, new Trigger.ClientCall("alice")));
    window.commit(tx(2, 20, new Trigger.Delivery("bank", 1)));
    window.commit(tx(3, 30, new Trigger.ScheduledRun(1)));
    window.commit(tx(4, 40, Trigger.LIFECYCLE));
    assertEquals(0, window.size());
  }

  @Test
  void shouldForgetTheOldestKeysBeyondMaxKeys() {
    window.bound(new Bounds(2, 10 * MINUTE), 0);
    window.commit(keyed(1, 10, "a"));
    window.commit(keyed(2, 20, "b"));
    window.commit(keyed(3, 30, "c"));
    assertEquals(List.of("b", "c"), keys());
    assertNull(window.find("a", 31));
  }

  @Test
  void shouldForgetKeysMaxAgeAfterTheirTransactionWhenALaterOneCommits() {
    window.bound(new Bounds(100, MINUTE), 0);
    window.commit(keyed(1, 0, "a"));
    window.commit(keyed(2, MINUTE / 2, "b"));
    window.commit(tx(3, MINUTE - 1, new Trigger.ClientCall("x")));
    assertEquals(List.of("a", "b"), keys());
    window.commit(tx(4, MINUTE, new Trigger.ClientCall("x")));
    assertEquals(List.of("b"), keys());
  }

  @Test
  void shouldNotFindAKeyMaxAgeOlderThanTheRetrysTransaction() {
    window.bound(new Bounds(100, MINUTE), 0);
    window.commit(keyed(1, 0, "a"));
    assertEquals(1, window.find("a", MINUTE - 1).txId());
    assertNull(window.find("a", MINUTE));
    assertEquals(1, window.size(), "kept until a transaction evicts it");
  }

  @Test
  void shouldRememberAKeyCommittedAgainAsTheNewest() {
    window.bound(new Bounds(2, MINUTE), 0);
    window.commit(keyed(1, 0, "a"));
    window.commit(keyed(2, 10, "b"));
    window.commit(keyed(3, MINUTE, "a"));
    assertEquals(List.of("b", "a"), keys());
    assertEquals(3, window.find("a", MINUTE + 1).txId());
  }

  @Test
  void shouldDropWhatANewBoundExcludesAtOnce() {
    for (int i = 1; i <= 5; i++) {
      window.commit(keyed(i, i * MINUTE, "k" + i));
    }
    window.bound(new Bounds(3, 10 * MINUTE), 5 * MINUTE);
    assertEquals(List.of("k3", "k4", "k5"), keys());
    window.bound(new Bounds(3, MINUTE + 1), 5 * MINUTE);
    assertEquals(List.of("k4", "k5"), keys());
  }

  @Test
  void shouldRefuseEmptyLongAndUnprintableKeys() {
    assertEquals(
        "an idempotency key has 1 to 128 characters; this one has 0",
        IdempotencyWindow.problem(""));
    assertEquals(
        "an idempotency key has 1 to 128 characters; this one has 129",
        IdempotencyWindow.problem("k".repeat(129)));
    assertEquals(
        "an idempotency key holds printable ASCII characters only; this one has U+000A at index 3",
        IdempotencyWindow.problem("abc\ndef"));
    assertEquals(
        "an idempotency key holds printable ASCII characters only; this one has U+00E9 at index 0",
        IdempotencyWindow.problem("été"));
    assertNull(IdempotencyWindow.problem("k".repeat(128)));
    assertNull(IdempotencyWindow.problem(" order 17 ~ 2026-12-06T10:00Z "));
  }

  @Test
  void shouldTellCallsApartByCallerReducerAndArguments() {
    long base = IdempotencyWindow.fingerprint("alice", "deposit", new byte[] {1, 2});
    assertEquals(base, IdempotencyWindow.fingerprint("alice", "deposit", new byte[] {1, 2}));
    assertNotEquals(base, IdempotencyWindow.fingerprint("bob", "deposit", new byte[] {1, 2}));
    assertNotEquals(base, IdempotencyWindow.fingerprint("alice", "withdraw", new byte[] {1, 2}));
    assertNotEquals(base, IdempotencyWindow.fingerprint("alice", "deposit", new byte[] {1, 3}));
    assertNotEquals(
        IdempotencyWindow.fingerprint("ab", "c", new byte[0]),
        IdempotencyWindow.fingerprint("a", "bc", new byte[0]),
        "the parts are length-prefixed");
  }

  @Test
  void shouldKeepTheFingerprintStoredInSnapshots() {
    // SHA-256 of 00000005 "alice" 00000007 "deposit" 00000002 0102, first 8 bytes.
    assertEquals(
        0xb304f1bd8cc31647L, IdempotencyWindow.fingerprint("alice", "deposit", new byte[] {1, 2}));
  }

  @Test
  void shouldRefuseBoundsThatHoldNothing() {
    assertThrows(IllegalArgumentException.class, () -> new Bounds(0, MINUTE));
    assertThrows(IllegalArgumentException.class, () -> new Bounds(1, 0));
  }

  private List<String> keys() {
    return window.entries().stream().map(Entry::key).toList();
  }

  private static ModuleEvent.TxCommitted keyed(long txId, long micros, String key) {
    return tx(txId, micros, new Trigger.ClientCall("alice", key));
  }

  private static ModuleEvent.TxCommitted tx(long txId, long micros, Trigger trigger) {
    return new ModuleEvent.TxCommitted(
        txId, micros, 0, trigger, "deposit", new byte[] {1, 2}, List.of());
  }
}
