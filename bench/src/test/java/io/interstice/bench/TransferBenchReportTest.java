package io.interstice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransferBenchReportTest {
  private final String json = ReportFixtures.transfer().json();

  @Test
  void shouldKeepTheDocumentedMembersInOrder() throws Exception {
    var report = new ObjectMapper().readTree(json);
    var names = ReportFixtures.fieldNames(report);
    assertEquals(
        List.of(
            "benchmark",
            "date",
            "machine",
            "settings",
            "transfers",
            "moduleRatios",
            "recovery",
            "targets"),
        names);
    assertEquals("wasm-compiled", report.get("settings").get("modules").get(1).asText());
    assertEquals(4, report.get("transfers").size());
    assertEquals("java", report.get("moduleRatios").get(0).get("baseline").asText());
    assertEquals(3, report.get("targets").size(), json);
  }

  @Test
  void shouldStateFiguresWithTheirFixedDecimals() {
    assertTrue(json.contains("\"zipfExponent\" : 1.000,"), json);
    assertTrue(json.contains("\"openSeconds\" : 0.46\n"), json);
    assertTrue(json.contains("\"writeSeconds\" : 12.3,"), json);
    assertTrue(json.contains("\"required\" : 0.50,"), json);
  }
}
