package io.interstice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole suite on tiny sizes, every workload in its own JVM and the PostgreSQL peer
 * included, so that a workload that breaks fails the build instead of rotting until the next real
 * run. Needs the PostgreSQL server binaries (Debian package {@code postgresql}).
 */
class SuiteSmokeTest {
  private static final List<String> WORKLOADS =
      List.of(
          "journal",
          "transfer-zipf",
          "transfer-uniform",
          "recovery-500",
          "recovery-load",
          "fanout",
          "memory",
          "http",
          "many-modules");
  private static final List<String> CHARTS =
      List.of(
          "journal-throughput.png",
          "journal-latency.png",
          "transfer-throughput.png",
          "transfer-latency.png",
          "recovery.png");

  @Test
  void shouldRunEveryWorkloadAndWriteResultsSummaryAndCharts(@TempDir Path tmp) throws Exception {
    var out = tmp.resolve("results");
    var settings =
        SuiteSettings.parse(
            new String[] {"--tiny", "--out=" + out, "--data-dir=" + tmp.resolve("data")});

    assertTrue(Suite.run(settings), "a workload failed; see the output above");

    var results = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertEquals("tiny", results.get("profile").asText());
    var ran = new ArrayList<String>();
    results.get("workloads").fieldNames().forEachRemaining(ran::add);
    assertEquals(WORKLOADS, ran);
    for (var name : WORKLOADS) {
      var workload = results.get("workloads").get(name);
      assertTrue(workload.get("ok").asBoolean(), name + ": " + workload);
      assertTrue(workload.get("report").isObject(), name);
    }
    assertTrue(
        results.get("summary").findValuesAsText("system").contains("jdbc-postgres"),
        "the PostgreSQL peer has rows");
    assertEquals(5, results.get("targets").size());
    assertEquals(CHARTS, ReportFixtures.textValues(results.get("charts")));
    for (var chart : CHARTS) {
      var image = ImageIO.read(out.resolve(chart).toFile());
      assertNotNull(image, chart);
      assertEquals(1000, image.getWidth(), chart);
    }
    var summary = Files.readString(out.resolve("summary.md"));
    assertTrue(summary.contains("| target | required | measured | ratio | met |"), summary);
    assertTrue(summary.contains("![recovery.png](recovery.png)"), summary);
    assertTrue(Files.exists(out.resolve("raw/journal/journal-bench.json")));
    var restart = results.get("workloads").get("many-modules").get("report");
    assertEquals(20, restart.get("modules").asInt());
    assertTrue(restart.get("writeSeconds").asDouble() > 0, restart.toString());
    assertTrue(restart.get("runs").get(0).get("eventsReplayed").asLong() > 0, restart.toString());
    assertTrue(summary.contains("| many-modules | 20 modules x 5 tx, restart | all recovered |"));
  }
}
