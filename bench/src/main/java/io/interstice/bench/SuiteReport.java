package io.interstice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What one run of the {@link Suite} found: the machine before and after, every workload's outcome
 * and report, the summary rows and the targets; written as {@code results.json} (every workload's
 * own report embedded whole under {@code workloads}), {@code summary.md} and the table printed at
 * the end.
 */
final class SuiteReport {
  private final SuiteProfile profile;
  private final OffsetDateTime started;
  private final SuiteMachine before;
  private final SuiteMachine after;
  private final List<StepOutcome> outcomes;
  private final List<SuiteRow> rows;
  private final List<SuiteTarget> targets;

  SuiteReport(
      SuiteProfile profile,
      OffsetDateTime started,
      SuiteMachine before,
      SuiteMachine after,
      List<StepOutcome> outcomes) {
    this.profile = profile;
    this.started = started;
    this.before = before;
    this.after = after;
    this.outcomes = List.copyOf(outcomes);
    this.rows = SuiteRows.of(outcomes);
    this.targets = SuiteTarget.check(outcomes);
  }

  List<StepOutcome> outcomes() {
    return outcomes;
  }

  /** The report of the workload {@code name}, when it ran. */
  Optional<JsonNode> report(String name) {
    return SuiteTarget.report(outcomes, name);
  }

  /** The summary table and the targets, in markdown (also what the suite prints at the end). */
  String table() {
    var md = new StringBuilder();
    md.append("| workload | case | system | figure | unit | p50 µs | p99 µs |\n");
    md.append("|---|---|---|---:|---|---:|---:|\n");
    for (var r : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %,.1f | %s | %s | %s |%n",
              r.workload(),
              r.scenario(),
              r.system(),
              r.value(),
              r.unit(),
              micros(r.p50Micros()),
              micros(r.p99Micros())));
    }
    md.append("\n| target | required | measured | ratio | met | measured on |\n");
    md.append("|---|---:|---:|---:|---|---|\n");
    for (var t : targets) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s %,.2f %s | %s | %s | %s | %s |%n",
              t.name(),
              t.ceiling() ? "≤" : "≥",
              t.required(),
              t.unit(),
              t.measured() ? String.format(Locale.ROOT, "%,.2f %s", t.actual(), t.unit()) : "-",
              t.measured() ? String.format(Locale.ROOT, "%.2f", t.ratio()) : "-",
              t.measured() ? (t.met() ? "yes" : "**NO**") : "not measured",
              t.note()));
    }
    var failed = outcomes.stream().filter(o -> !o.ok()).toList();
    if (!failed.isEmpty()) {
      md.append('\n');
      failed.forEach(
          o ->
              md.append("- **FAILED** ")
                  .append(o.step().name())
                  .append(": ")
                  .append(o.error())
                  .append('\n'));
    }
    return md.toString();
  }

  String markdown(List<String> charts) {
    var md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "# interstice bench (%s), %s%n%n%s%n%nLoad average before: %s; after: %s.%n%n",
            profile.label(),
            started.withNano(0),
            before.summary(),
            before.loadAverages(),
            after.loadAverages()));
    md.append(table()).append('\n');
    for (var chart : charts) {
      md.append("![").append(chart).append("](").append(chart).append(")\n\n");
    }
    md.append("## Workloads\n\n");
    for (var o : outcomes) {
      md.append(
          String.format(
              Locale.ROOT,
              "### %s (%.0f s)%n%n%s%n%n",
              o.step().name(),
              o.seconds(),
              o.step().title()));
      md.append(o.ok() ? o.markdown() : "FAILED: " + o.error() + "\n").append('\n');
    }
    return md.toString();
  }

  String json(List<String> charts) {
    var json =
        ReportJson.object()
            .put("benchmark", "Suite")
            .put("profile", profile.label())
            .put("date", started.toString());
    json.set("machine", before.json());
    json.putObject("loadAverages")
        .put("before", before.loadAverages())
        .put("after", after.loadAverages());
    var summary = json.putArray("summary");
    for (var r : rows) {
      summary
          .addObject()
          .put("workload", r.workload())
          .put("case", r.scenario())
          .put("system", r.system())
          .put("value", ReportJson.rounded(r.value(), 1))
          .put("unit", r.unit())
          .put("p50Micros", ReportJson.rounded(r.p50Micros(), 1))
          .put("p99Micros", ReportJson.rounded(r.p99Micros(), 1));
    }
    var targetsJson = json.putArray("targets");
    for (var t : targets) {
      targetsJson
          .addObject()
          .put("target", t.name())
          .put("required", t.required())
          .put("unit", t.unit())
          .put("bound", t.ceiling() ? "at most" : "at least")
          .put("actual", ReportJson.rounded(t.actual(), 2))
          .put("ratio", ReportJson.rounded(t.ratio(), 3))
          .put("met", t.met())
          .put("measuredOn", t.note());
    }
    var chartsJson = json.putArray("charts");
    charts.forEach(chartsJson::add);
    var workloads = json.putObject("workloads");
    for (var o : outcomes) {
      var w =
          workloads
              .putObject(o.step().name())
              .put("title", o.step().title())
              .put("ok", o.ok())
              .put("seconds", ReportJson.rounded(o.seconds(), 1));
      if (o.ok()) {
        w.set("report", o.report());
      } else {
        w.put("error", o.error());
      }
    }
    return ReportJson.text(json);
  }

  private static String micros(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%,.0f", value);
  }
}
