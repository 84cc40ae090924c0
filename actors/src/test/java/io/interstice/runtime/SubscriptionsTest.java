package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.examples.chat.Chat;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.runtime.testmodules.Audit;
import io.interstice.runtime.testmodules.Echo;
import io.interstice.runtime.testmodules.Notifier;
import io.interstice.runtime.testmodules.Relay;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscriptions and calls between modules: delivered once the producing transaction is durable,
 * exactly once, also across restarts; refused at deploy when they cannot work; cycles stopped.
 */
public class SubscriptionsTest {
  @TempDir Path dir;

  public static void eventually(String what, Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Test
  void shouldDeliverEveryInsertToASubscriberOfAnotherModuleOnce() {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Chat.class);
      node.deploy(Notifier.class);
      node.call("chat", "register", "ann");
      for (int i = 0; i < 50; i++) {
        node.call("chat", "post", "ann", "general", "message " + i);
      }
      eventually("50 notifications", () -> (Long) node.query("notifier", "count") == 50L);
      var notifications = node.rows("notifier", "notifications");
      assertEquals("ann: message 0", notifications.get(0)[1]);
    }
    // After a restart nothing is delivered again, and new messages still are.
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.call("chat", "post", "ann", "general", "after restart");
      eventually("51 notifications", () -> (Long) node.query("notifier", "count") == 51L);
    }
  }

  @Test
  void shouldGiveUpdatesTheOldAndNewRow() {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Bank.class);
      node.deploy(Audit.class);
      node.call("bank", "open", "ann", 100L);
      node.call("bank", "open", "bob", 50L);
      node.call("bank", "transfer", 1L, 2L, 30L);
      eventually("4 movements", () -> (Long) node.query("audit", "movements") == 4L);
      assertEquals(150L, node.query("audit", "total"));
      var movements = node.rows("audit", "movements");
      assertEquals(-30L, movements.get(2)[2]);
      assertEquals(30L, movements.get(3)[2]);
      assertEquals("module:bank", movements.get(3)[3]);
    }
  }

  @Test
  void shouldCallAnotherModulesReducerAfterCommitOnly() {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Bank.class);
      node.deploy(Relay.class);
      node.call("bank", "open", "ann", 100L);
      node.call("bank", "open", "bob", 0L);
      node.call("relay", "forward", 1L, 2L, 40L);
      eventually("the forwarded transfer", () -> (Long) node.query("bank", "balance", 2L) == 40L);

      var refused =
          assertThrows(
              CallFailedException.class,
              () -> node.call("relay", "forward_then_fail", 1L, 2L, 10L));
      assertEquals("changed my mind", refused.getMessage());
      long bankTx = node.describe("bank").lastTxId();
      node.call("relay", "misdial");
      eventually("the misdial consumed", () -> node.describe("bank").lastTxId() == bankTx + 1);
      // Neither the aborted call nor the misdial moved money.
      assertEquals(60L, node.query("bank", "balance", 1L));
      assertEquals(40L, node.query("bank", "balance", 2L));
    }
  }

  @Test
  void shouldStopACycleOfSubscriptionsAtTheDepthLimit() {
    try (var node =
        IntersticeNode.builder()
            .dataDir(dir)
            .config("interstice.module.max-delivery-depth = 5")
            .start()) {
      node.deploy(Echo.class);
      node.call("echo", "shout");
      // The shout sends step 1; echoes 1 to 4 each insert and send the next step; echo 5 would
      // send step 6, over the limit, so it fails and its insert is rolled back.
      // Six transactions: the shout, four echoes and the failed fifth, logged as consumed.
      eventually("six transactions", () -> node.describe("echo").lastTxId() == 6L);
      long tx = node.describe("echo").lastTxId();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      assertEquals(5L, node.query("echo", "count"));
      assertEquals(tx, node.describe("echo").lastTxId(), "the cycle went on");
    }
  }

  @Test
  void shouldRefuseSubscriptionsThatCannotWork() {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      var missing = assertThrows(CallFailedException.class, () -> node.deploy(Notifier.class));
      assertEquals(ErrorKind.BAD_MODULE, missing.kind());
      assertTrue(
          missing.getMessage().contains("module chat is not deployed"), missing.getMessage());

      node.deploy(Bank.class);
      var wrongRow = assertThrows(CallFailedException.class, () -> node.deploy(WrongAudit.class));
      assertTrue(
          wrongRow.getMessage().contains("on_account")
              && wrongRow.getMessage().contains("delivers"),
          wrongRow.getMessage());
      var noTable = assertThrows(CallFailedException.class, () -> node.deploy(NoTable.class));
      assertTrue(noTable.getMessage().contains("has no table vaults"), noTable.getMessage());
      var noEvent = assertThrows(CallFailedException.class, () -> node.deploy(NoEvent.class));
      assertEquals(ErrorKind.BAD_MODULE, noEvent.kind());
      assertTrue(noEvent.getMessage().contains("unknown event 'explode'"), noEvent.getMessage());
    }
  }

  /** Subscribes with a row type that does not match bank.accounts. */
  @io.interstice.sdk.Module(name = "wrong_audit", tables = Audit.Movement.class)
  public static final class WrongAudit {
    public record Partial(long id, long balance) {}

    @io.interstice.sdk.Subscribe("bank.accounts.insert")
    public static void onAccount(io.interstice.sdk.ReducerContext ctx, Partial account) {}
  }

  /** Subscribes to an event that does not exist. */
  @io.interstice.sdk.Module(name = "no_event", tables = Audit.Movement.class)
  public static final class NoEvent {
    @io.interstice.sdk.Subscribe("bank.accounts.explode")
    public static void onBoom(io.interstice.sdk.ReducerContext ctx, Audit.AccountRow row) {}
  }

  /** Subscribes to a table the bank does not have. */
  @io.interstice.sdk.Module(name = "no_table", tables = Audit.Movement.class)
  public static final class NoTable {
    @io.interstice.sdk.Subscribe("bank.vaults.insert")
    public static void onVault(io.interstice.sdk.ReducerContext ctx, Audit.AccountRow row) {}
  }
}
