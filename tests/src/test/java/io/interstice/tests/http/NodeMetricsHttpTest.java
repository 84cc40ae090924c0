package io.interstice.tests.http;

import static io.interstice.tests.http.NodeHttpApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.metrics.PrometheusText;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} of a real {@code interstice node} with a token, scraped as Prometheus would:
 * the bank deployed, transfers over HTTP and the call channel and one refusal, then every counter
 * moved by what was done, the histograms with their buckets, and the route closed without the
 * token.
 */
class NodeMetricsHttpTest {
  private static final String BANK = "/v1/modules/bank";
  private static final String TOKEN = "s3cret";

  @TempDir java.nio.file.Path dir;

  @Test
  void shouldServeTheNodesMetricsInThePrometheusTextFormatBehindTheToken() throws Exception {
    try (var node =
        NodeProcess.start(dir.resolve("data"), dir.resolve("node.stderr"), "--token", TOKEN)) {
      assertError(node.get("/metrics"), 401, "UNAUTHORIZED");
      node.withToken("wrong");
      assertError(node.get("/metrics"), 401, "UNAUTHORIZED");
      node.withToken(TOKEN);

      node.deployBank(100, "alice", "bob");
      for (int i = 0; i < 3; i++) {
        var moved = node.postJson(BANK + "/reducers/transfer", "[1, 2, 10]");
        assertEquals(200, moved.statusCode(), moved.body());
      }
      assertError(
          node.postJson(BANK + "/reducers/transfer", "[1, 2, 1000000]"), 409, "REDUCER_FAILED");
      transferOverTheCallChannel(node);
      assertEquals(200, node.postJson(BANK + "/queries/balance", "[1]").statusCode());

      var response = node.get("/metrics");
      assertEquals(200, response.statusCode(), response.body());
      var type = response.headers().firstValue("Content-Type").orElse("");
      assertTrue(type.startsWith("text/plain") && type.contains("version=0.0.4"), type);
      var text = PrometheusText.parse(response.body());

      assertEquals("counter", text.type("interstice_reducer_calls_total"));
      // 2 opens, 3 transfers over HTTP, 1 over the call channel.
      assertEquals(6, calls(text, "committed"));
      assertEquals(1, calls(text, "REDUCER_FAILED"));
      assertEquals(1, text.value("interstice_queries_total", "module", "bank"));
      assertEquals(6, text.value("interstice_transactions_committed_total", "module", "bank"));
      assertHistogram(text, "interstice_reducer_call_seconds", 7, "module", "bank");
      assertHistogram(text, "interstice_batch_transactions", -1, "module", "bank");
      assertEquals(6, text.value("interstice_batch_transactions_sum", "module", "bank"));

      assertHistogram(text, "interstice_journal_write_batch_frames", -1);
      assertTrue(text.value("interstice_journal_write_batch_frames_sum") >= 7, "deploy + 6 txs");
      assertHistogram(text, "interstice_journal_force_seconds", -1);
      assertTrue(text.value("interstice_journal_force_seconds_count") >= 1, "fsync = always");
      assertTrue(text.value("interstice_journal_appended_bytes_total") > 0);
      assertEquals(1, text.value("interstice_journal_segments"));
      assertEquals(0, text.value("interstice_journal_scrub_findings_total"));
      assertEquals(0, text.value("interstice_wasm_traps_total", "module", "bank"));
      assertEquals(0, text.value("interstice_live_subscribers", "module", "bank"));

      // Counters only move forward, by what was done in between.
      assertEquals(200, node.postJson(BANK + "/reducers/transfer", "[2, 1, 5]").statusCode());
      var after = PrometheusText.parse(node.get("/metrics").body());
      assertEquals(7, calls(after, "committed"));
      assertEquals(8, after.value("interstice_reducer_call_seconds_count", "module", "bank"));
    }
  }

  private static double calls(PrometheusText text, String outcome) {
    return text.value("interstice_reducer_calls_total", "module", "bank", "outcome", outcome);
  }

  /**
   * A histogram as the text format has it: typed, buckets in rising order with counts that never
   * fall, ending in {@code +Inf}, whose count is {@code _count} ({@code count}, unless negative).
   */
  private static void assertHistogram(
      PrometheusText text, String name, long count, String... labels) {
    assertEquals("histogram", text.type(name), name);
    var buckets = text.samples(name + "_bucket", labels);
    assertTrue(buckets.size() > 5, name + " has buckets: " + buckets);
    double previous = 0;
    for (var bucket : buckets) {
      assertTrue(bucket.value() >= previous, name + " buckets are cumulative: " + buckets);
      previous = bucket.value();
    }
    var last = buckets.get(buckets.size() - 1);
    assertEquals("+Inf", last.labels().get("le"), name);
    assertEquals(text.value(name + "_count", labels), last.value(), name);
    assertTrue(last.value() > 0, name + " observed something");
    if (count >= 0) {
      assertEquals(count, last.value(), name);
    }
  }

  private static void transferOverTheCallChannel(NodeProcess node) throws Exception {
    var answers = new LinkedBlockingQueue<String>();
    var socket = node.socket("/v1/calls", answers);
    try {
      socket
          .sendText(
              "{\"id\": 1, \"module\": \"bank\", \"reducer\": \"transfer\", \"args\": [1, 2, 1]}",
              true)
          .get(10, TimeUnit.SECONDS);
      var answer = NodeProcess.next(answers);
      assertTrue(answer.has("tx"), answer.toString());
    } finally {
      socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done");
    }
  }
}
