package io.interstice.tests.http;

import static io.interstice.tests.http.NodeProcess.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.tests.modules.Ledger;
import io.interstice.tests.modules.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modules come back by themselves: a module with a repeating schedule, and the module its runs
 * call, run again after the node restarts — killed with SIGKILL, then stopped with SIGTERM —
 * although nobody calls either of them after the restart. Seen from outside only: the node's
 * metrics count the transactions they commit, and the schedule's rows show no run repeated.
 */
class RememberedModulesTest {
  private static final Pattern TICKER_COMMITTED =
      Pattern.compile(
          "^interstice_transactions_committed_total\\{module=\"ticker\"} (\\S+)$",
          Pattern.MULTILINE);

  @TempDir Path dir;

  @Test
  void shouldRunADueScheduleAfterARestartWithoutAnyCall() throws Exception {
    var data = dir.resolve("data");
    try (var node = NodeProcess.start(data, dir.resolve("node-1.stderr"))) {
      node.deployJava(Ledger.class);
      node.deployJava(Ticker.class);
      var started = node.postJson("/v1/modules/ticker/reducers/start", "[100]");
      assertEquals(200, started.statusCode(), started.body());
      awaitTicks(node, 3);
      node.jvm().kill(Duration.ofSeconds(10));
    }
    try (var node = NodeProcess.start(data, dir.resolve("node-2.stderr"))) {
      awaitScheduledRuns(node, 3);
      assertEquals(0, node.terminate(Duration.ofSeconds(30)));
    }
    try (var node = NodeProcess.start(data, dir.resolve("node-3.stderr"))) {
      awaitScheduledRuns(node, 3);
      var anomalies = json(node.get("/v1/modules/ticker/tables/anomalies"));
      assertEquals(0, anomalies.get("rows").size(), anomalies.toString());
      var ledger = json(node.get("/v1/modules/ledger/tables/items?limit=1000"));
      assertTrue(ledger.get("rows").size() >= 9, ledger.toString());
    }
  }

  private static void awaitTicks(NodeProcess node, int ticks) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (json(node.get("/v1/modules/ticker/tables/ticks")).get("rows").size() < ticks) {
      assertTrue(System.nanoTime() < deadline, "the schedule did not run " + ticks + " times");
      Thread.sleep(50);
    }
  }

  /**
   * Waits, without calling any module, until the node's metrics count {@code runs} transactions of
   * the ticker since it started: only its schedule commits them.
   */
  private static void awaitScheduledRuns(NodeProcess node, int runs) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    double seen = 0;
    while (seen < runs) {
      assertTrue(
          System.nanoTime() < deadline,
          "the ticker committed " + seen + " transactions after the restart; nobody started it");
      Thread.sleep(100);
      var matcher = TICKER_COMMITTED.matcher(node.get("/metrics").body());
      seen = matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
  }
}
