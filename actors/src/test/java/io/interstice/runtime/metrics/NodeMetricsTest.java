package io.interstice.runtime.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.JournalRegistry;
import io.interstice.runtime.ErrorKind;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A node's metrics: its own registry, module series resolved once, the journal's listener. */
class NodeMetricsTest {
  private static PrometheusText scrape(NodeMetrics metrics) {
    return PrometheusText.parse(new String(metrics.scrape(), StandardCharsets.UTF_8));
  }

  private static NodeMetrics metrics() {
    return NodeMetrics.of(new JournalRegistry());
  }

  @Test
  void shouldCountCallsByOutcomeAndTimeEachOne() {
    var metrics = metrics();
    var bank = metrics.module("bank");
    long received = System.nanoTime();
    bank.callCommitted(received);
    bank.callCommitted(received);
    bank.callRefused(ErrorKind.REDUCER_FAILED, received);

    var text = scrape(metrics);
    assertEquals("counter", text.type("interstice_reducer_calls_total"));
    assertEquals(
        2, text.value("interstice_reducer_calls_total", "module", "bank", "outcome", "committed"));
    assertEquals(
        1,
        text.value(
            "interstice_reducer_calls_total", "module", "bank", "outcome", "REDUCER_FAILED"));
    assertEquals("histogram", text.type("interstice_reducer_call_seconds"));
    assertEquals(3, text.value("interstice_reducer_call_seconds_count", "module", "bank"));
    assertEquals(
        3, text.value("interstice_reducer_call_seconds_bucket", "module", "bank", "le", "+Inf"));
    assertEquals(17, text.samples("interstice_reducer_call_seconds_bucket").size());
  }

  @Test
  void shouldCountBatchesQueriesRecoveriesDeliveriesTrapsAndSubscribers() {
    var metrics = metrics();
    var bank = metrics.module("bank");
    bank.batchPersisted(3, 2);
    bank.queried();
    bank.recovered(2_000_000);
    bank.deliverySent();
    bank.deliveriesAcknowledged(1);
    bank.trapped(2);
    bank.liveSubscribers(4);

    var text = scrape(metrics);
    assertEquals(2, text.value("interstice_transactions_committed_total", "module", "bank"));
    assertEquals(1, text.value("interstice_batch_transactions_count", "module", "bank"));
    assertEquals(3, text.value("interstice_batch_transactions_sum", "module", "bank"));
    assertEquals(
        1, text.value("interstice_batch_transactions_bucket", "module", "bank", "le", "4.0"));
    assertEquals(
        0, text.value("interstice_batch_transactions_bucket", "module", "bank", "le", "2.0"));
    assertEquals(1, text.value("interstice_queries_total", "module", "bank"));
    assertEquals(1, text.value("interstice_module_recovery_seconds_count", "module", "bank"));
    assertEquals(0.002, text.value("interstice_module_recovery_seconds_sum", "module", "bank"));
    assertEquals(1, text.value("interstice_outbox_deliveries_sent_total", "module", "bank"));
    assertEquals(
        1, text.value("interstice_outbox_deliveries_acknowledged_total", "module", "bank"));
    assertEquals(2, text.value("interstice_wasm_traps_total", "module", "bank"));
    assertEquals(4, text.value("interstice_live_subscribers", "module", "bank"));
  }

  @Test
  void shouldLeaveNoSeriesForAModuleThatReportedNothing() {
    var metrics = metrics();
    var ghost = metrics.module("ghost");
    ghost.liveSubscribers(0);
    ghost.trapped(0);
    ghost.deliveriesAcknowledged(0);

    assertFalse(scrape(metrics).hasLabel("module", "ghost"));
  }

  @Test
  void shouldHearTheJournalsGroupCommitsAndForces() {
    var metrics = metrics();
    var journal = metrics.journalListener();
    journal.appended(3, 300);
    journal.appended(1, 100);
    journal.forced(2_000_000);

    var text = scrape(metrics);
    assertEquals(2, text.value("interstice_journal_write_batch_frames_count"));
    assertEquals(4, text.value("interstice_journal_write_batch_frames_sum"));
    assertEquals(400, text.value("interstice_journal_appended_bytes_total"));
    assertEquals(1, text.value("interstice_journal_force_seconds_count"));
    assertEquals(1, text.value("interstice_journal_force_seconds_bucket", "le", "0.0025"));
    assertEquals(0, text.value("interstice_journal_force_seconds_bucket", "le", "0.001"));
    // No journal runs: what is read from the logs when scraped is zero, but served.
    assertEquals("gauge", text.type("interstice_journal_segments"));
    assertEquals(0, text.value("interstice_journal_segments"));
    assertEquals(0, text.value("interstice_journal_scrub_findings_total"));
  }

  @Test
  void shouldKeepEachNodesFiguresInItsOwnRegistry() {
    var first = metrics();
    var second = metrics();
    first.module("bank").callCommitted(System.nanoTime());
    first.journalListener().appended(1, 10);

    assertTrue(scrape(first).hasLabel("module", "bank"));
    var other = scrape(second);
    assertFalse(other.hasLabel("module", "bank"));
    assertEquals(0, other.value("interstice_journal_appended_bytes_total"));
    var global = PrometheusRegistry.defaultRegistry.scrape();
    global.forEach(
        family ->
            assertFalse(
                family.getMetadata().getName().startsWith("interstice"),
                "in the default registry: " + family.getMetadata().getName()));
  }
}
