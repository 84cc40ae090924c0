package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.journal.testkit.FaultyChannels;
import io.interstice.journal.testkit.FaultyChannels.Fault;
import io.interstice.journal.testkit.SubstitutedChannels;
import io.interstice.runtime.node.IntersticeNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose log fails a force: the calls waiting for that write get an error, never a success
 * (those of the failed batch at once, those queued behind it when their ask times out, since the
 * module actor stops); once the fault is gone the module comes back from its log at its next call,
 * without a restart of the node, with every acknowledged call's effect, and serves calls again.
 */
class JournalFaultTest {
  private static final int CONCURRENT_CALLS = 20;

  @TempDir Path dir;
  @RegisterExtension final SubstitutedChannels substituted = new SubstitutedChannels(() -> dir);
  private final FaultyChannels channels = substituted.channels();

  private IntersticeNode start() {
    return IntersticeNode.builder().dataDir(dir).config("interstice.node.ask-timeout = 5s").start();
  }

  private static List<String> owners(IntersticeNode node) {
    return node.rows("bank", "accounts").stream().map(row -> (String) row[1]).sorted().toList();
  }

  @Test
  void shouldFailTheCallsOfAFailedForceAndRecoverOnceTheFaultIsGone() throws Exception {
    var acknowledged = new ArrayList<String>();
    try (var node = start()) {
      node.deploy(Bank.class);
      for (var owner : List.of("ann", "ben", "cid")) {
        node.call("bank", "open", owner, 10L);
        acknowledged.add(owner);
      }

      channels.arm(Fault.FORCE_FAILS);
      // The first call's batch is held in its force while the others queue up behind it.
      channels.holdNextForce();
      var inBatch = node.callAsync("bank", "open", "doomed-0", 1L).toCompletableFuture();
      channels.awaitForceHeld();
      var queued = new ArrayList<CompletableFuture<TxReceipt>>();
      for (int i = 1; i < CONCURRENT_CALLS; i++) {
        queued.add(node.callAsync("bank", "open", "doomed-" + i, 1L).toCompletableFuture());
      }
      channels.releaseForce();

      var failed = unavailable(inBatch);
      assertTrue(failed.getMessage().contains("acknowledged as durable"), failed.getMessage());
      queued.forEach(JournalFaultTest::unavailable);
      assertTrue(channels.injected() > 0, "no force failed");

      channels.disarm();
      assertEquals(acknowledged, owners(node));
      var recovery = node.describe("bank").recovery();
      assertEquals(acknowledged.size(), recovery.recoveredTransactions(), "not back from its log");
      node.call("bank", "open", "dan", 10L);
      acknowledged.add("dan");
      assertEquals(acknowledged, owners(node));
    }
    try (var node = start()) {
      assertEquals(acknowledged, owners(node));
    }
  }

  /** The failure of a call, which must be UNAVAILABLE: a call that never became durable. */
  private static CallFailedException unavailable(CompletableFuture<TxReceipt> call) {
    var failure = assertThrows(CompletionException.class, call::join).getCause();
    var refused = assertInstanceOf(CallFailedException.class, failure);
    assertEquals(ErrorKind.UNAVAILABLE, refused.kind(), refused.getMessage());
    return refused;
  }
}
