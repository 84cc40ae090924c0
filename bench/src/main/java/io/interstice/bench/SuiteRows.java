package io.interstice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the suite's summary rows out of the reports its workloads wrote: the headline figure of
 * each system in each case, so that one table compares them all. The workloads' own reports keep
 * every detail; these rows are what a person reads first.
 */
final class SuiteRows {
  private SuiteRows() {}

  static List<SuiteRow> of(List<StepOutcome> outcomes) {
    var rows = new ArrayList<SuiteRow>();
    for (var outcome : outcomes) {
      if (!outcome.ok()) {
        continue;
      }
      var name = outcome.step().name();
      var report = outcome.report();
      if (name.equals("journal") || name.equals("replay-10m")) {
        journal(name, report, rows);
      } else if (name.startsWith("transfer-")) {
        transfers(name, report, rows);
      } else if (name.equals("recovery-load")) {
        recoveryLoad(report, rows);
      } else if (name.startsWith("recovery-")) {
        recovery(name, report, rows);
      } else if (name.equals("fanout")) {
        fanout(report, rows);
      } else if (name.equals("memory")) {
        memory(report, rows);
      } else if (name.equals("http")) {
        http(report, rows);
      } else if (name.equals(ManyModulesReport.NAME)) {
        manyModules(report, rows);
      }
    }
    return List.copyOf(rows);
  }

  private static void journal(String name, JsonNode report, List<SuiteRow> rows) {
    for (var r : report.path("results")) {
      rows.add(
          new SuiteRow(
              name,
              r.path("actors").asInt() + " actor(s) x " + r.path("batch").asInt(1) + " event(s)",
              r.path("journal").asText(),
              r.path("eventsPerSecond").asDouble(),
              "events/s",
              r.path("p50Micros").asDouble(),
              r.path("p99Micros").asDouble()));
    }
    for (var r : report.path("replay")) {
      rows.add(
          SuiteRow.of(
              name,
              "replay of " + String.format("%,d", r.path("events").asLong()) + " events",
              r.path("journal").asText(),
              r.path("replayMillis").asDouble(),
              "ms"));
    }
  }

  private static void transfers(String name, JsonNode report, List<SuiteRow> rows) {
    for (var r : report.path("transfers")) {
      rows.add(
          new SuiteRow(
              name,
              r.path("callers").asInt() + " callers",
              r.path("module").asText() + " / " + r.path("journal").asText(),
              r.path("committedPerSecond").asDouble(),
              "tx/s",
              r.path("p50Micros").asDouble(),
              r.path("p99Micros").asDouble()));
    }
  }

  private static void recovery(String name, JsonNode report, List<SuiteRow> rows) {
    for (var r : report.path("recovery")) {
      rows.add(
          SuiteRow.of(
              "recovery",
              String.format("%,d tx", r.path("recoveredTransactions").asLong()),
              r.path("log").asText(),
              r.path("recoveryMillis").asDouble(),
              "ms"));
    }
  }

  private static void recoveryLoad(JsonNode report, List<SuiteRow> rows) {
    var scenario = String.format("%,d tx", report.path("transactions").asLong());
    rows.add(
        SuiteRow.of(
            "recovery-load", scenario, "idle node", report.path("idleMillis").asDouble(), "ms"));
    rows.add(
        SuiteRow.of(
            "recovery-load",
            scenario,
            report.path("callers").asInt() + " callers writing",
            report.path("loadedMillis").asDouble(),
            "ms"));
  }

  private static void fanout(JsonNode report, List<SuiteRow> rows) {
    for (var r : report.path("results")) {
      rows.add(
          new SuiteRow(
              "fanout",
              r.path("subscribers").asInt() + " subscriber(s)",
              "deliveries",
              r.path("deliveriesPerSecond").asDouble(),
              "tx/s",
              r.path("delayP50Micros").asDouble(),
              r.path("delayP99Micros").asDouble()));
    }
  }

  private static void memory(JsonNode report, List<SuiteRow> rows) {
    var perRow = report.path("bytesPerRow");
    var scenario = String.format("%,d rows", report.path("rows").asLong());
    perRow
        .fieldNames()
        .forEachRemaining(
            field ->
                rows.add(
                    SuiteRow.of(
                        "memory", scenario, field, perRow.path(field).asDouble(), "bytes/row")));
  }

  private static void http(JsonNode report, List<SuiteRow> rows) {
    for (var r : report.path("rows")) {
      rows.add(
          new SuiteRow(
              "http",
              r.path("inFlight").asInt() + " in flight",
              r.path("row").asText(),
              r.path("committedPerSecond").asDouble(),
              "tx/s",
              r.path("p50Micros").asDouble(),
              r.path("p99Micros").asDouble()));
    }
  }

  private static void manyModules(JsonNode report, List<SuiteRow> rows) {
    var scenario =
        String.format(
            "%,d modules x %d tx, restart",
            report.path("modules").asInt(), report.path("callsPerModule").asInt());
    for (var r : report.path("runs")) {
      rows.add(
          SuiteRow.of(
              ManyModulesReport.NAME,
              scenario,
              "all recovered",
              r.path("allRecoveredMillis").asDouble(),
              "ms"));
      rows.add(
          SuiteRow.of(
              ManyModulesReport.NAME,
              scenario,
              "one module, median",
              r.path("medianModuleMillis").asDouble(),
              "ms"));
      rows.add(
          SuiteRow.of(
              ManyModulesReport.NAME,
              scenario,
              "one module, max",
              r.path("maxModuleMillis").asDouble(),
              "ms"));
    }
  }
}
