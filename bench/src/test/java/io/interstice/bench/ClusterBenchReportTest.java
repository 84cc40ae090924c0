package io.interstice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterBenchReportTest {
  private final ObjectMapper mapper = new ObjectMapper();

  @Test
  void shouldTakeTheMiddleTrialAsTheMedianOfAnOddCount() {
    var report = ReportFixtures.cluster(9100, 7300, 12500, 6900, 7764);
    assertEquals(7764.0, report.medianFailoverMillis().orElseThrow());
    assertTrue(
        report
            .markdown()
            .contains(
                "median **7,764 ms**, min 6,900 ms, max 12,500 ms; budget 10,000 ms: median within,"
                    + " max NOT within"),
        report.markdown());
  }

  @Test
  void shouldAverageTheMiddleTwoTrialsOfAnEvenCount() {
    assertEquals(7500.0, ReportFixtures.cluster(8000, 7000).medianFailoverMillis().orElseThrow());
  }

  @Test
  void shouldSayTheMedianIsNotWithinTheBudgetAbove10Seconds() throws Exception {
    var report = ReportFixtures.cluster(10500, 11000, 9000);
    assertTrue(report.markdown().contains("median NOT within"), report.markdown());
    var failover = mapper.readTree(report.json()).get("failover");
    assertFalse(failover.get("medianWithinBudget").asBoolean());
    assertEquals(10500.0, failover.get("medianMillis").asDouble());
  }

  @Test
  void shouldWriteEveryTrialWithItsFailuresAndADashForWhatNoPollSaw() throws Exception {
    var report = ReportFixtures.cluster(7764, 7277);
    var trial = mapper.readTree(report.json()).get("failover").get("trials").get(0);
    assertEquals(
        List.of(
            "trial",
            "killed",
            "movedTo",
            "serveMillis",
            "unreachableMillis",
            "removedMillis",
            "attempts",
            "failures",
            "rejoinMillis"),
        ReportFixtures.fieldNames(trial));
    assertEquals(7, trial.get("failures").get("TIMEOUT").asInt());
    assertTrue(report.json().contains("\"unreachableMillis\" : 3073.5,"), report.json());
    assertTrue(
        report.markdown().contains("| 1 | node-1 | node-2 | 7,764 | 3,073 | — | 8 | 7 TIMEOUT |"),
        report.markdown());
  }

  @Test
  void shouldCompareTheLargestClusterOfEachRoutingWithTheSingleNode() throws Exception {
    var report = ReportFixtures.cluster(7764);
    assertEquals(0.1, report.scaling("spread").orElseThrow(), 1e-9);
    assertEquals(0.15, report.scaling("direct").orElseThrow(), 1e-9);
    assertTrue(report.markdown().contains("3 nodes (spread) / 1 node: **0.10x**"));
    var ratios = mapper.readTree(report.json()).get("calls").get("largestOverSingle");
    assertEquals(0.1, ratios.get("spread").asDouble());
    assertEquals(0.15, ratios.get("direct").asDouble());
  }

  @Test
  void shouldListTheClusterSizesAndRoutingsOfTheCallRows() throws Exception {
    var settings = mapper.readTree(ReportFixtures.cluster(7764).json()).get("settings");
    assertEquals("[1,3]", settings.get("nodes").toString());
    assertEquals("[\"spread\",\"direct\"]", settings.get("routings").toString());
  }

  @Test
  void shouldLeaveOutThePartsThatDidNotRun() throws Exception {
    var report =
        new ClusterBenchReport(
            ReportFixtures.DATE,
            ReportFixtures.MACHINE,
            "1.00 1.00 1.00",
            "2.00 2.00 2.00",
            ClusterBenchSettings.parse(new String[0]),
            List.of(),
            List.of());
    assertFalse(report.markdown().contains("Failover:"));
    assertFalse(report.markdown().contains("Durable calls:"));
    var json = mapper.readTree(report.json());
    assertFalse(json.get("failover").has("medianMillis"));
    assertEquals(0, json.get("calls").get("rows").size());
  }
}
