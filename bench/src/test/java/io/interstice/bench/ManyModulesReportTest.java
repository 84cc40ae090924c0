package io.interstice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManyModulesReportTest {
  private static final String[] LINE = "many-modules-result 10000 50000 49876 812 30125".split(" ");

  private final ManyModulesReport report =
      new ManyModulesReport(
          ReportFixtures.DATE,
          ReportFixtures.MACHINE,
          10_000,
          5,
          "12g",
          231.456,
          List.of(ManyModulesReport.Run.parse(LINE, 2.345)));

  @Test
  void shouldReadTheProbesResultLine() {
    var run = ManyModulesReport.Run.parse(LINE, 1.5);

    assertEquals(new ManyModulesReport.Run(50_000, 49_876, 812, 30_125, 1.5), run);
  }

  @Test
  void shouldRefuseAResultLineWithMissingFields() {
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ManyModulesReport.Run.parse("many-modules-result 10 50".split(" "), 1));

    assertTrue(e.getMessage().contains("many-modules-result 10 50"), e.getMessage());
  }

  @Test
  void shouldWriteEveryFigureTheSuiteCollects() throws Exception {
    var json = new ObjectMapper().readTree(report.json());

    assertEquals(10_000, json.get("modules").asInt());
    assertEquals("12g", json.get("heap").asText());
    assertTrue(report.json().contains("\"writeSeconds\" : 231.5,"), report.json());
    var run = json.get("runs").get(0);
    assertEquals(
        List.of(
            "eventsReplayed",
            "allRecoveredMillis",
            "medianModuleMillis",
            "maxModuleMillis",
            "loadAverage"),
        ReportFixtures.fieldNames(run));
    assertEquals(49_876, run.get("allRecoveredMillis").asLong());
    assertEquals(2.35, run.get("loadAverage").asDouble());
  }

  @Test
  void shouldSayWhenTheLogWasReused() {
    var reused =
        new ManyModulesReport(
            ReportFixtures.DATE, ReportFixtures.MACHINE, 20, 5, "1g", Double.NaN, report.runs());

    assertTrue(reused.markdown().contains("written in an earlier run"), reused.markdown());
    assertTrue(reused.json().contains("\"writeSeconds\" : null,"), reused.json());
    assertTrue(report.markdown().contains("| 1 | 50,000 | 49,876 | 812 | 30,125 | 2.3 |"));
  }

  @Test
  void shouldGiveTheSuiteTheRestartTimeRows() throws Exception {
    var step =
        SuiteProfile.TINY.steps(false).stream()
            .filter(s -> s.name().equals(ManyModulesReport.NAME))
            .findFirst()
            .orElseThrow();
    var outcome = new StepOutcome(step, 12, new ObjectMapper().readTree(report.json()), "", null);

    var rows = SuiteRows.of(List.of(outcome));

    assertEquals(
        List.of(
            SuiteRow.of(
                "many-modules", "10,000 modules x 5 tx, restart", "all recovered", 49_876, "ms"),
            SuiteRow.of(
                "many-modules", "10,000 modules x 5 tx, restart", "one module, median", 812, "ms"),
            SuiteRow.of(
                "many-modules", "10,000 modules x 5 tx, restart", "one module, max", 30_125, "ms")),
        rows);
  }
}
