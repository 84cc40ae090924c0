package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.metrics.PrometheusText;
import io.interstice.runtime.node.IntersticeNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's module actors and its journal report to the node's own metrics, and two nodes in one JVM
 * keep theirs apart; a restarted node counts its modules' recoveries.
 */
class NodeMetricsWiringTest {
  private static final String BANK = "bank";

  @TempDir Path dir;

  private IntersticeNode start(String name) {
    return IntersticeNode.builder()
        .dataDir(dir.resolve(name))
        .config("interstice.journal.scrub-interval = off")
        .start();
  }

  private static PrometheusText scrape(IntersticeNode node) {
    return PrometheusText.parse(new String(node.metrics().scrape(), StandardCharsets.UTF_8));
  }

  @Test
  void shouldReportCallsTransactionsAndJournalWritesToTheNodesOwnRegistry() {
    try (var node = start("a");
        var other = start("b")) {
      node.deploy(Bank.class);
      node.call(BANK, "open", "alice", 100L);
      node.call(BANK, "open", "bob", 5L);
      node.call(BANK, "transfer", 1L, 2L, 30L);
      assertThrows(CallFailedException.class, () -> node.call(BANK, "transfer", 2L, 1L, 1000L));
      assertEquals(70L, node.query(BANK, "balance", 1L));
      var subscription = node.subscribe(BANK, Set.of("accounts"), update -> {});

      var text = scrape(node);
      assertEquals(
          3, text.value("interstice_reducer_calls_total", "module", BANK, "outcome", "committed"));
      assertEquals(
          1,
          text.value(
              "interstice_reducer_calls_total", "module", BANK, "outcome", "REDUCER_FAILED"));
      assertEquals(4, text.value("interstice_reducer_call_seconds_count", "module", BANK));
      assertEquals(1, text.value("interstice_queries_total", "module", BANK));
      assertEquals(3, text.value("interstice_transactions_committed_total", "module", BANK));
      assertEquals(3, text.value("interstice_batch_transactions_sum", "module", BANK));
      assertEquals(1, text.value("interstice_live_subscribers", "module", BANK));
      assertTrue(text.value("interstice_journal_write_batch_frames_sum") >= 4, "deploy + 3 txs");
      assertTrue(text.value("interstice_journal_appended_bytes_total") > 0);
      assertTrue(text.value("interstice_journal_force_seconds_count") >= 1, "fsync = always");
      assertEquals(1, text.value("interstice_journal_segments"));

      subscription.close();
      var others = scrape(other);
      assertFalse(others.hasLabel("module", BANK), "the other node's registry has no bank");
      // The other node wrote only sharding's bookkeeping, far less than the bank's history.
      assertTrue(
          others.value("interstice_journal_appended_bytes_total")
              < text.value("interstice_journal_appended_bytes_total"));
    }
  }

  @Test
  void shouldCountTheRecoveryOfADeployedModuleAfterARestart() {
    try (var node = start("a")) {
      node.deploy(Bank.class);
      node.call(BANK, "open", "alice", 100L);
    }
    try (var node = start("a")) {
      assertEquals(100L, node.query(BANK, "balance", 1L));

      var text = scrape(node);
      assertEquals(1, text.value("interstice_module_recovery_seconds_count", "module", BANK));
      assertTrue(text.value("interstice_module_recovery_seconds_sum", "module", BANK) > 0);
      assertEquals(
          0, text.value("interstice_reducer_calls_total", "module", BANK, "outcome", "committed"));
    }
  }
}
