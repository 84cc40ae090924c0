package io.interstice.runtime.wasm;

import static io.interstice.runtime.SubscriptionsTest.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.chat.Chat;
import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.runtime.testmodules.Audit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WASM modules working with other modules through the host's imports: subscriptions both ways
 * between WASM and Java modules, calls, and schedules made, fired and cancelled by a guest ({@code
 * src/test/wasm/relay.c}, which subscribes to the chat example's messages, so chat is deployed
 * first).
 */
class WasmCooperationTest {
  private static final Path EXAMPLES = Path.of("..", "modules", "examples");

  @TempDir Path dir;

  private static byte[] example(String module, String file) throws IOException {
    return Files.readAllBytes(EXAMPLES.resolve(module).resolve(file));
  }

  private static List<String> seen(IntersticeNode node) {
    var seen = new ArrayList<String>();
    for (var row : node.rows("relay", "seen")) {
      seen.add(row[1] + ": " + row[2]);
    }
    return seen;
  }

  @Test
  void shouldDeliverAJavaModulesRowsToAWasmSubscriberExactlyOnce() throws IOException {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Chat.class);
      node.deployWasm(WasmLimitsTest.guest("relay"));
      node.call("chat", "register", "ann");
      for (int i = 0; i < 20; i++) {
        node.call("chat", "post", "ann", "general", "message " + i);
      }
      eventually("20 messages in relay", () -> seen(node).size() == 20);
      var expected = new ArrayList<String>();
      for (int i = 0; i < 20; i++) {
        expected.add("chat:ann: message " + i);
      }
      assertEquals(expected, seen(node));
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.call("chat", "post", "ann", "general", "after restart");
      eventually("21 messages in relay", () -> seen(node).size() == 21);
      assertEquals("chat:ann: after restart", seen(node).get(20));
    }
  }

  @Test
  void shouldDeliverAWasmModulesRowsToAJavaSubscriber() throws IOException {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deployWasm(example("bank-wasm", "bank.wasm"));
      node.deploy(Audit.class);
      node.call("bank", "open", "ann", 100L);
      node.call("bank", "open", "bob", 50L);
      node.call("bank", "transfer", 1L, 2L, 30L);
      assertThrows(CallFailedException.class, () -> node.call("bank", "transfer", 1L, 2L, 1_000L));
      eventually("4 movements", () -> (Long) node.query("audit", "movements") == 4L);
      assertEquals(150L, node.query("audit", "total"));
      var movements = node.rows("audit", "movements");
      assertEquals(List.of(-30L, 30L), List.of(movements.get(2)[2], movements.get(3)[2]));
      assertEquals("module:bank", movements.get(3)[3]);
    }
  }

  @Test
  void shouldCallOtherModulesFromAGuestAfterCommit() throws IOException {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deployWasm(example("hello-wasm", "hello.wasm"));
      node.deploy(Chat.class);
      node.deployWasm(WasmLimitsTest.guest("relay"));
      // Deliveries to one target run in order: the bad ones (unknown or private reducer, wrong
      // argument type, a refusal) are used up, with their error logged at the target, before the
      // good one runs.
      node.call("relay", "forward", "hello", "no_such_reducer", "[]");
      node.call("relay", "forward", "hello", "init", "[]"); // private: only public ones
      node.call("relay", "forward", "hello", "hello", "[42]");
      node.call("relay", "forward", "hello", "hello", "[\"\"]");
      node.call("relay", "forward", "hello", "hello", "[\"from relay\"]");
      eventually("the forwarded greeting", () -> node.rows("hello", "greetings").size() == 1);
      assertEquals("Hello, from relay!", node.rows("hello", "greetings").get(0)[2]);

      // A guest reaches only public reducers: relay's own subscription reducer is private, so
      // calling it is used up with an error, and the note after it runs.
      var message =
          "[{\"id\": 1, \"channel\": \"c\", \"sender\": \"mallory\", \"text\": \"sneaky\","
              + " \"sent_at\": 0}]";
      node.call("relay", "forward", "relay", "on_message", message);
      node.call("relay", "forward", "relay", "note", "[\"after the private call\"]");
      eventually("the note", () -> seen(node).size() == 1);
      assertEquals(List.of("module:relay: after the private call"), seen(node));

      var refused =
          assertThrows(
              CallFailedException.class,
              () -> node.call("relay", "forward", "hello", "hello", "not json"));
      assertEquals(ErrorKind.MODULE_FAILED, refused.kind());
      assertTrue(refused.getMessage().contains("arguments are not JSON"), refused.getMessage());
    }
  }

  @Test
  void shouldFireCancelAndKeepSchedulesAGuestMade() throws IOException {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Chat.class);
      node.deployWasm(WasmLimitsTest.guest("relay"));
      node.call("relay", "later", "once", 50L);
      node.call("relay", "every", "beat", 50L);
      eventually("once and two beats", () -> seen(node).size() >= 3);
      assertEquals(1, seen(node).stream().filter(s -> s.endsWith(": once")).count());
      var timers = node.rows("relay", "timers");
      long beat = (Long) timers.get(1)[0];
      node.call("relay", "cancel", beat);
      int afterCancel = seen(node).size();
      var refused =
          assertThrows(CallFailedException.class, () -> node.call("relay", "cancel", beat));
      assertEquals(ErrorKind.REDUCER_FAILED, refused.kind());
      assertEquals("no such schedule", refused.getMessage());
      node.call("relay", "later", "across a restart", 1_500L);
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      assertEquals(afterCancel, seen(node).size(), "a cancelled schedule fires no more");
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      eventually(
          "the schedule made before the restart",
          () -> seen(node).stream().anyMatch(s -> s.endsWith(": across a restart")));
    }
  }
}
