package io.interstice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.journal.log.LogEvent;
import io.interstice.journal.log.NodeLog;
import io.interstice.journal.log.PendingFrame;
import io.interstice.runtime.module.serialization.BatchSerializer;
import io.interstice.runtime.module.serialization.RuntimeKryoRegistrar;
import io.interstice.runtime.module.serialization.TxCommittedSerializer;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleEvent.TxCommitted;
import io.interstice.runtime.module.state.Trigger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code log dump --events} on a module's transactions: what triggered each one. */
class LogDumpTransactionsTest {
  /** The Kryo serializer's id in reference.conf. */
  static final int KRYO = 7431;

  static final String MANIFEST = Integer.toString(RuntimeKryoRegistrar.TX_COMMITTED);

  @TempDir Path dataDir;

  @BeforeEach
  void writeTransactions() throws Exception {
    var logDir = dataDir.resolve("journal").resolve("node-1");
    var transactions =
        List.of(
            tx(1, Trigger.LIFECYCLE, "init", null),
            tx(2, new Trigger.ClientCall("alice"), "deposit", null),
            tx(3, new Trigger.Delivery("bank", 7), "audit", "REDUCER_FAILED: no"),
            tx(4, new Trigger.ScheduledRun(2), "tick", null),
            tx(5, new Trigger.ClientCall("bob", "order-17"), "deposit", null));
    try (var log = NodeLog.builder(logDir, "node-1").open()) {
      for (var tx : transactions) {
        var event = new LogEvent(tx.txId(), 1000, "w", "", KRYO, MANIFEST, bytes(tx));
        log.append(List.of(PendingFrame.of("module|m", List.of(event)))).get();
      }
      var other = new LogEvent(6, 1000, "w", "", KRYO, "204", new byte[] {1});
      log.append(List.of(PendingFrame.of("module|m", List.of(other)))).get();
    }
  }

  @Test
  void shouldPrintWhatTriggeredEachTransaction() {
    var result = CommandRunner.run("log", "dump", dataDir.toString(), "--events");
    assertEquals(0, result.exitCode(), result.err());
    var described = result.out().lines().filter(l -> l.startsWith("      ")).toList();
    assertEquals(
        List.of(
            "      tx 1 init, lifecycle reducer",
            "      tx 2 deposit, client call as alice",
            "      tx 3 audit, delivery bank #7, failed: REDUCER_FAILED: no",
            "      tx 4 tick, run of schedule 2",
            "      tx 5 deposit, client call as bob with key order-17"),
        described,
        result.out());
  }

  @Test
  void shouldCarryTheTriggerOfEachTransactionInTheJsonDump() {
    var result = CommandRunner.run("log", "dump", dataDir.toString(), "--events", "--json");
    assertEquals(0, result.exitCode(), result.err());
    var frames = result.out().lines().map(CommandRunner::json).toList();
    var txs = frames.stream().map(f -> f.get("eventList").get(0).get("tx")).toList();
    assertEquals(
        "{\"txId\":1,\"reducer\":\"init\",\"trigger\":{\"kind\":\"lifecycle\",\"caller\":\"runtime\"}}",
        txs.get(0).toString());
    assertEquals(
        "{\"kind\":\"client-call\",\"caller\":\"alice\"}", txs.get(1).get("trigger").toString());
    assertEquals(
        "{\"txId\":3,\"reducer\":\"audit\",\"trigger\":{\"kind\":\"delivery\",\"sender\":\"bank\","
            + "\"seq\":7,\"caller\":\"module:bank\"},\"error\":\"REDUCER_FAILED: no\"}",
        txs.get(2).toString());
    assertEquals(
        "{\"kind\":\"scheduled-run\",\"schedule\":2,\"caller\":\"schedule:2\"}",
        txs.get(3).get("trigger").toString());
    assertEquals(
        "{\"kind\":\"client-call\",\"idempotencyKey\":\"order-17\",\"caller\":\"bob\"}",
        txs.get(4).get("trigger").toString());
    assertEquals(null, txs.get(5), "not a transaction");
  }

  @Test
  void shouldPrintTriggersAndErrorsOfTransactionsWhoseSchemaIsUnknown() {
    var result = CommandRunner.run("log", "dump", dataDir.toString(), "--changes");
    assertEquals(0, result.exitCode(), result.err());
    var lines = result.out().lines().map(l -> l.replaceAll("  \\S+Z  ", "  TIME  ")).toList();
    assertEquals(
        List.of(
            "m tx 1  seq 1  TIME  init({\"hex\":\"\",\"undecoded\":\"schema unknown\"})"
                + "  lifecycle as runtime",
            "m tx 2  seq 2  TIME  deposit({\"hex\":\"\",\"undecoded\":\"schema unknown\"})"
                + "  client-call as alice",
            "m tx 3  seq 3  TIME  audit({\"hex\":\"\",\"undecoded\":\"schema unknown\"})"
                + "  delivery bank #7 as module:bank  FAILED: REDUCER_FAILED: no",
            "m tx 4  seq 4  TIME  tick({\"hex\":\"\",\"undecoded\":\"schema unknown\"})"
                + "  scheduled-run 2 as schedule:2",
            "m tx 5  seq 5  TIME  deposit({\"hex\":\"\",\"undecoded\":\"schema unknown\"})"
                + "  client-call as bob key order-17",
            "m seq 6: unreadable event: Buffer underflow."),
        lines,
        result.out());
  }

  @Test
  void shouldSayATransactionIsUnreadableAndGoOn() throws Exception {
    var logDir = dataDir.resolve("journal").resolve("node-1");
    try (var log = NodeLog.builder(logDir, "node-1").open()) {
      var garbage = new LogEvent(7, 1000, "w", "", KRYO, MANIFEST, new byte[] {9});
      log.append(List.of(PendingFrame.of("module|m", List.of(garbage)))).get();
    }
    var result = CommandRunner.run("log", "dump", dataDir.toString(), "--events");
    assertEquals(0, result.exitCode(), result.err());
    assertEquals(
        "      unreadable transaction: TxCommitted has format version 9; this runtime reads"
            + " versions 1 to 3",
        result.out().lines().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void shouldDescribeEachTransactionOfABatchEvent() throws Exception {
    var logDir = dataDir.resolve("journal").resolve("node-1");
    var batch =
        new ModuleEvent.Batch(
            List.of(
                tx(6, new Trigger.ClientCall("carol"), "deposit", null),
                new ModuleEvent.OutboxAcknowledged("sink", 3),
                tx(7, new Trigger.ClientCall("dave"), "withdraw", null)));
    var output = new Output(256, -1);
    new BatchSerializer().write(new Kryo(), output, batch);
    var manifest = Integer.toString(RuntimeKryoRegistrar.BATCH);
    try (var log = NodeLog.builder(logDir, "node-1").open()) {
      var event = new LogEvent(7, 1000, "w", "", KRYO, manifest, output.toBytes());
      log.append(List.of(PendingFrame.of("module|m", List.of(event)))).get();
    }

    var text = CommandRunner.run("log", "dump", dataDir.toString(), "--events");
    var changes = CommandRunner.run("log", "dump", dataDir.toString(), "--changes");
    var json = CommandRunner.run("log", "dump", dataDir.toString(), "--events", "--json");

    assertEquals(0, text.exitCode(), text.err());
    assertEquals(
        List.of(
            "      tx 6 deposit, client call as carol", "      tx 7 withdraw, client call as dave"),
        text.out().lines().skip(text.out().lines().count() - 2).toList());
    var last = changes.out().lines().toList();
    assertTrue(last.get(last.size() - 2).startsWith("m tx 6  seq 7  "), changes.out());
    assertTrue(last.get(last.size() - 1).startsWith("m tx 7  seq 7  "), changes.out());
    var lastFrame = CommandRunner.json(json.out().lines().reduce((a, b) -> b).orElseThrow());
    var described = lastFrame.get("eventList").get(0).get("batch");
    assertEquals(2, described.size(), lastFrame.toString());
    assertEquals(7, described.get(1).get("txId").asLong());
  }

  private static TxCommitted tx(long txId, Trigger trigger, String reducer, String error) {
    return error == null
        ? new TxCommitted(txId, 0, 0, trigger, reducer, new byte[0], List.of())
        : TxCommitted.failed(txId, 0, 0, trigger, reducer, error);
  }

  private static byte[] bytes(TxCommitted tx) {
    var output = new Output(256, -1);
    new TxCommittedSerializer().write(new Kryo(), output, tx);
    return output.toBytes();
  }
}
