package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.interstice.examples.bank.Bank;
import io.interstice.examples.chat.Chat;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.sdk.value.StructValue;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example modules deployed on a node and used as their READMEs show. */
class ExamplesTest {
  @TempDir static Path dir;
  static IntersticeNode node;

  @BeforeAll
  static void startNode() {
    node = IntersticeNode.builder().dataDir(dir).start();
    node.deploy(Bank.class);
    node.deploy(Chat.class);
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  private static String refusal(String module, String reducer, Object... args) {
    var failure = assertThrows(CallFailedException.class, () -> node.call(module, reducer, args));
    assertEquals(ErrorKind.REDUCER_FAILED, failure.kind(), failure.getMessage());
    return failure.getMessage();
  }

  @Test
  void shouldRunTheBankAsItsReadmeShows() {
    node.call("bank", "open", "alice", 100L);
    node.call("bank", "open", "bob", 0L);
    node.call("bank", "transfer", 1L, 2L, 30L);
    node.call("bank", "deposit", 2L, 5L);
    assertEquals(70L, node.query("bank", "balance", 1L));
    assertEquals(35L, node.query("bank", "balance", 2L));
    assertEquals(
        "insufficient funds: account 2 has 35, needs 500",
        refusal("bank", "transfer", 2L, 1L, 500L));
    assertEquals("no account 9", refusal("bank", "transfer", 1L, 9L, 1L));
    assertEquals(
        "cannot transfer from account 1 to itself", refusal("bank", "transfer", 1L, 1L, 1L));
    assertEquals("owner alice already has account 1", refusal("bank", "open", "alice", 1L));
    var alice = (StructValue) node.query("bank", "account", "alice");
    assertEquals(70L, alice.get(2));
    assertEquals(70L, node.query("bank", "balance", 1L), "refusals changed nothing");
  }

  @Test
  void shouldRunTheChatAsItsReadmeShows() {
    node.call("chat", "register", "carol");
    node.call("chat", "post", "carol", "general", "hello");
    node.call("chat", "post", "carol", "general", "anyone here?");
    node.call("chat", "post", "carol", "random", "elsewhere");
    var recent = (List<?>) node.query("chat", "recent", "general", 10);
    assertEquals(2, recent.size());
    assertEquals("hello", ((StructValue) recent.get(0)).get(3));
    assertEquals("anyone here?", ((StructValue) recent.get(1)).get(3));
    assertEquals(1, ((List<?>) node.query("chat", "recent", "general", 1)).size());
    assertEquals(
        "unknown sender dave: register the name first",
        refusal("chat", "post", "dave", "general", "hi"));
    var limit =
        assertThrows(CallFailedException.class, () -> node.query("chat", "recent", "general", 0));
    assertEquals("limit must be 1 to 100, got 0", limit.getMessage());
  }
}
