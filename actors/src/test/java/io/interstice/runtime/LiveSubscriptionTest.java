package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.runtime.testmodules.Inventory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live subscriptions: the current rows first, then one message per durable transaction that touched
 * the subscribed tables, in commit order; ephemeral tables included.
 */
class LiveSubscriptionTest {
  @TempDir Path dir;

  @Test
  void shouldSendCurrentRowsThenEveryCommittedChangeInOrder() {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Bank.class);
      node.call("bank", "open", "ann", 100L);
      node.call("bank", "open", "bob", 100L);
      var updates = new CopyOnWriteArrayList<LiveUpdate>();
      var subscription = node.subscribe("bank", Set.of("accounts"), updates::add);
      try {
        var calls = new ArrayList<CompletableFuture<TxReceipt>>();
        for (int i = 0; i < 200; i++) {
          calls.add(
              node.callAsync(
                      "bank",
                      "transfer",
                      Args.Values.of(i % 2 == 0 ? 1L : 2L, i % 2 == 0 ? 2L : 1L, 1L))
                  .toCompletableFuture());
        }
        calls.forEach(CompletableFuture::join);
        SubscriptionsTest.eventually("201 updates", () -> updates.size() == 201);
        var current = assertInstanceOf(LiveUpdate.Current.class, updates.get(0));
        assertEquals(2, current.rows().get("accounts").size());
        long lastTx = current.txId();
        long ann = 100;
        for (var update : updates.subList(1, updates.size())) {
          var committed = assertInstanceOf(LiveUpdate.Committed.class, update);
          assertTrue(committed.txId() > lastTx, "out of commit order");
          lastTx = committed.txId();
          assertEquals(2, committed.changes().size(), "one message per transaction");
          for (var change : committed.changes()) {
            assertEquals(LiveUpdate.Kind.UPDATE, change.kind());
            if ((Long) change.newRow()[0] == 1L) {
              ann = (Long) change.newRow()[2];
            }
          }
        }
        assertEquals(node.query("bank", "balance", 1L), ann, "the last update is the balance");
      } finally {
        subscription.close();
      }
      SubscriptionsTest.eventually(
          "the end", () -> updates.get(updates.size() - 1) instanceof LiveUpdate.Ended);
    }
  }

  @Test
  void shouldIncludeEphemeralTablesAndRefuseUnknownOnes() {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Inventory.class);
      List<LiveUpdate> updates = new CopyOnWriteArrayList<>();
      var subscription = node.subscribe("inventory", Set.of("visits"), updates::add);
      try {
        node.call("inventory", "visit", "ann");
        node.call("inventory", "add", "x", 1L, "c", 1, 1L, null); // another table: not sent
        node.call("inventory", "visit", "ann");
        SubscriptionsTest.eventually("two visits", () -> updates.size() == 3);
        var second = (LiveUpdate.Committed) updates.get(2);
        assertEquals(2L, second.changes().get(0).newRow()[1]);
      } finally {
        subscription.close();
      }
      var failure =
          assertThrows(
              CallFailedException.class,
              () -> node.subscribe("inventory", Set.of("settings"), update -> {}));
      assertEquals(ErrorKind.UNKNOWN_TABLE, failure.kind());
    }
  }
}
