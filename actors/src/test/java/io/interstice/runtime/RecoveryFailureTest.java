package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.module.ModuleActor;
import io.interstice.runtime.module.state.LoggedChange;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.Trigger;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.runtime.testmodules.Ledger;
import io.interstice.sdk.codec.RowCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No poison pill: a module whose log holds a transaction that cannot be applied (here one that
 * updates a row that was never inserted, as a log repaired around lost transactions can) comes up
 * failed instead of not at all — describe says why, calls get a clear error, its tables can be read
 * as of the transaction before — and an upgrade or a removal brings it back, the same way after
 * every later restart.
 */
class RecoveryFailureTest {
  @TempDir Path dir;

  @Test
  void shouldComeUpFailedAndRecoverByAnUpgrade() throws Exception {
    writePoisonedLog();
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      var info = node.describe("ledger");
      assertTrue(info.problem().contains("failed to recover"), info.problem());
      assertTrue(info.problem().contains("transaction 3 (append)"), info.problem());
      var refused =
          assertThrows(CallFailedException.class, () -> node.call("ledger", "append", "a", 3L));
      assertEquals(ErrorKind.MODULE_FAILED, refused.kind());
      assertTrue(refused.getMessage().contains("upgrade the module"), refused.getMessage());
      assertEquals(List.of(1L, 2L), seqs(node), "tables as of the transaction before");
      assertEquals(4, info.lastTxId(), "the skipped transaction still counts");

      node.deploy(Ledger.class); // the same code: accept the tables as they are
      assertNull(node.describe("ledger").problem());
      var receipt = node.call("ledger", "append", "a", 3L);
      assertEquals(5, receipt.txId());
      assertEquals(List.of(1L, 2L, 3L), seqs(node));
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      assertNull(node.describe("ledger").problem(), "replay meets the failure and the upgrade");
      assertEquals(List.of(1L, 2L, 3L), seqs(node));
      node.call("ledger", "append", "a", 4L);
    }
  }

  @Test
  void shouldBeRemovableAndDeployableAgain() throws Exception {
    writePoisonedLog();
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      assertTrue(node.describe("ledger").problem().contains("failed to recover"));
      node.remove("ledger");
      var gone = assertThrows(CallFailedException.class, () -> node.describe("ledger"));
      assertEquals(ErrorKind.UNKNOWN_MODULE, gone.kind());
      node.deploy(Ledger.class);
      assertEquals(List.of(), seqs(node), "deployed again, empty");
      assertEquals(5, node.call("ledger", "append", "b", 1L).txId(), "ids stay unique");
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      assertNull(node.describe("ledger").problem());
      assertEquals(List.of(1L), seqs(node));
      node.remove("ledger");
      assertThrows(CallFailedException.class, () -> node.remove("ledger"));
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      var gone = assertThrows(CallFailedException.class, () -> node.describe("ledger"));
      assertEquals(ErrorKind.UNKNOWN_MODULE, gone.kind());
    }
  }

  @Test
  void shouldFailAtTheTransactionOfABatchThatCannotBeAppliedKeepingThoseBeforeIt()
      throws Exception {
    writePoisonedLog(true);
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      var info = node.describe("ledger");
      assertTrue(info.problem().contains("transaction 4 (append)"), info.problem());
      assertEquals(List.of(1L, 2L, 3L), seqs(node), "the batch's transaction before it applied");
      assertEquals(5, info.lastTxId(), "the skipped transactions still count");
    }
  }

  @Test
  void shouldAnswerADeployThatArrivesWhileTheActorIsBeingPassivated() {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      for (int round = 0; round < 10; round++) {
        node.deploy(Ledger.class);
        node.remove("ledger");
        // Refused: the actor, holding no module, asks to be passivated, and the deploy right
        // after may reach it before the stop does, while its code loads off the actor's thread.
        assertThrows(CallFailedException.class, () -> node.describe("ledger"));
      }
      node.deploy(Ledger.class);
      node.call("ledger", "append", "z", 1L);
    }
  }

  /**
   * Transactions 1 and 2 by the module, then, written past it, transaction 3 updating a row that
   * does not exist and transaction 4 that would insert one.
   */
  private void writePoisonedLog() throws Exception {
    writePoisonedLog(false);
  }

  /**
   * Batched: transaction 3 appending seq 3, then the poisoned one and the insert as transactions 4
   * and 5, all three in one batch event.
   */
  private void writePoisonedLog(boolean batched) throws Exception {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Ledger.class);
      node.call("ledger", "append", "a", 1L);
      node.call("ledger", "append", "a", 2L);
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      var table = node.schema("ledger").table("entries").orElseThrow();
      var ghost = RowCodec.encodeRow(table, new Object[] {99L, "a", 7L});
      var moved = RowCodec.encodeRow(table, new Object[] {99L, "a", 8L});
      var inserted = RowCodec.encodeRow(table, new Object[] {100L, "a", 9L});
      long first = batched ? 4 : 3;
      var poisoned =
          new ModuleEvent.TxCommitted(
              first,
              3_000,
              3,
              new Trigger.ClientCall("test"),
              "append",
              new byte[0],
              List.of(LoggedChange.update("entries", ghost, moved)));
      var after =
          new ModuleEvent.TxCommitted(
              first + 1,
              4_000,
              4,
              new Trigger.ClientCall("test"),
              "append",
              new byte[0],
              List.of(LoggedChange.insert("entries", inserted)));
      List<ModuleEvent> written = List.of(poisoned, after);
      if (batched) {
        var good =
            new ModuleEvent.TxCommitted(
                3,
                2_500,
                3,
                new Trigger.ClientCall("test"),
                "append",
                new byte[0],
                List.of(
                    LoggedChange.insert(
                        "entries", RowCodec.encodeRow(table, new Object[] {3L, "a", 3L}))));
        written = List.of(new ModuleEvent.Batch(List.of(good, poisoned, after)));
      }
      var events = written;
      var writer =
          node.system()
              .systemActorOf(
                  Behaviors.<EventWriter.Write>setup(
                      context -> new EventWriter(ModuleActor.persistenceId("ledger"))),
                  "writer",
                  Props.empty());
      AskPattern.<EventWriter.Write, Done>ask(
              writer,
              replyTo -> new EventWriter.Write(events, replyTo),
              Duration.ofSeconds(10),
              node.system().scheduler())
          .toCompletableFuture()
          .get();
    }
  }

  private static List<Long> seqs(IntersticeNode node) {
    var seqs = new TreeSet<Long>();
    node.rows("ledger", "entries").forEach(row -> seqs.add((Long) row[2]));
    return List.copyOf(seqs);
  }
}
