package io.interstice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalBenchReportTest {
  private final String json = ReportFixtures.journal().json();

  @Test
  void shouldKeepTheDocumentedMembersInOrder() throws Exception {
    var report = new ObjectMapper().readTree(json);
    var names = ReportFixtures.fieldNames(report);
    assertEquals(
        List.of(
            "benchmark", "date", "machine", "settings", "results", "replay", "ratios", "targets"),
        names);
    assertEquals("AMD \"EPYC\"", report.get("machine").get("cpuModel").asText());
    assertEquals(6, report.get("results").size());
    assertTrue(report.get("ratios").has("binary-log/naive-fsync-per-event@100"), json);
    assertEquals(456, report.get("replay").get(0).get("replayMillis").asLong());
    assertTrue(report.get("targets").get("eventsPerSecondWith100Actors").get("met").asBoolean());
  }

  @Test
  void shouldStateFiguresWithTheirFixedDecimals() {
    assertTrue(json.contains("\"seconds\" : 8.000,"), json);
    assertTrue(json.contains("\"p50Micros\" : 240.6,"), json);
    assertTrue(json.contains("\"loadAverage\" : 1.46\n"), json);
    assertTrue(json.contains("\"jvmWarmupSeconds\" : 5.0,"), json);
    assertTrue(json.contains("\"target\" : 100000,"), json);
  }
}
