package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.interstice.examples.chat.Chat;
import io.interstice.runtime.module.ModuleActor;
import io.interstice.runtime.module.outbox.OutboxEntry;
import io.interstice.runtime.module.state.LoggedChange;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.Trigger;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.runtime.testmodules.Notifier;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.internal.JavaModuleIntrospector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery protocol across crashes, at the points where a crash leaves producer and consumer
 * disagreeing. The logs are brought into exactly the state such a crash leaves (events appended the
 * way the module actors write them), then the node restarts and every effect must exist once.
 */
class DeliveryCrashPointsTest {
  @TempDir Path dir;

  @Test
  void shouldHaveEveryDeliveryTakeEffectOnceWhateverStepACrashInterrupted() throws Exception {
    long lastChatTx;
    long lastNotifierTx;
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Chat.class);
      node.deploy(Notifier.class);
      node.call("chat", "register", "ann");
      for (int i = 1; i <= 3; i++) {
        node.call("chat", "post", "ann", "general", "message " + i);
      }
      SubscriptionsTest.eventually(
          "three notifications", () -> (Long) node.query("notifier", "count") == 3L);
      lastChatTx = node.describe("chat").lastTxId();
      lastNotifierTx = node.describe("notifier").lastTxId();
    }

    // Crash point 1: chat committed message 4 and notifier consumed it durably, but the crash
    // came before chat learned so: chat's entry #4 is unacknowledged, notifier's inbox says 4.
    // Crash point 2: chat committed message 5, the crash came before it was sent at all.
    var notifierTable =
        JavaModuleIntrospector.introspect(Notifier.class).schema().table("notifications").get();
    var chatTx4 = chatTxWithEntry(lastChatTx + 1, 4, "message 4");
    var chatTx5 = chatTxWithEntry(lastChatTx + 2, 5, "message 5");
    var notifierConsumed4 =
        new ModuleEvent.TxCommitted(
            lastNotifierTx + 1,
            3_000_000_000_000_000L,
            7,
            new Trigger.Delivery("chat", 4),
            "on_message",
            new byte[0],
            List.of(
                LoggedChange.insert(
                    "notifications",
                    RowCodec.encodeRow(notifierTable, new Object[] {4L, "ann: message 4"}))),
            List.of(),
            List.of(),
            List.of(),
            null);
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      append(node, "chat", List.of(chatTx4, chatTx5));
      append(node, "notifier", List.of(notifierConsumed4));
    }

    long runsBefore = Notifier.RUNS.get();
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.describe("chat"); // starts chat, which resends what is unacknowledged
      SubscriptionsTest.eventually(
          "notification 5", () -> (Long) node.query("notifier", "count") == 5L);
      Thread.sleep(1500); // a resend tick: nothing may arrive twice
      var rows = node.rows("notifier", "notifications");
      assertEquals(5, rows.size());
      assertEquals("ann: message 4", rows.get(3)[1]);
      assertEquals("ann: message 5", rows.get(4)[1]);
      assertEquals(1, Notifier.RUNS.get() - runsBefore, "only entry 5 may run");
    }
  }

  private static ModuleEvent.TxCommitted chatTxWithEntry(long txId, long seq, String text) {
    var json =
        "[{\"id\":"
            + (seq + 1000)
            + ",\"channel\":\"general\",\"sender\":\"ann\",\"text\":\""
            + text
            + "\",\"sent_at\":1}]";
    var entry =
        new OutboxEntry(
            "notifier",
            seq,
            OutboxEntry.Kind.EVENT,
            "on_message",
            json.getBytes(StandardCharsets.UTF_8),
            1,
            "chat.messages.insert");
    return new ModuleEvent.TxCommitted(
        txId,
        3_000_000_000_000_000L + txId,
        txId,
        new Trigger.ClientCall("local"),
        "post",
        new byte[0],
        List.of(),
        List.of(entry),
        List.of(),
        List.of(),
        null);
  }

  private static void append(IntersticeNode node, String module, List<ModuleEvent> events)
      throws Exception {
    var writer =
        node.system()
            .systemActorOf(
                Behaviors.<EventWriter.Write>setup(
                    context -> new EventWriter(ModuleActor.persistenceId(module))),
                "writer-" + module,
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
