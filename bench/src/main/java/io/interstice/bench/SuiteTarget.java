package io.interstice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

/**
 * A target the suite checks, with what it measured: {@code ratio} is measured / required, met when
 * at most 1 for a ceiling and at least 1 for a floor.
 *
 * @param name what is held to the target
 * @param required the bound
 * @param unit the unit of both figures
 * @param ceiling true when the measured figure must stay at or below the bound
 * @param actual the measured figure, NaN when its workload did not run or failed
 * @param note how it was measured (which row, which size)
 */
record SuiteTarget(
    String name, double required, String unit, boolean ceiling, double actual, String note) {

  boolean measured() {
    return !Double.isNaN(actual);
  }

  double ratio() {
    return actual / required;
  }

  boolean met() {
    return measured() && (ceiling ? actual <= required : actual >= required);
  }

  /** The targets, checked against the reports of {@code outcomes}. */
  static List<SuiteTarget> check(List<StepOutcome> outcomes) {
    var targets = new ArrayList<SuiteTarget>();
    var zipf = report(outcomes, "transfer-zipf");
    var durable = zipf.flatMap(r -> transfer(r, "durable", true));
    targets.add(
        new SuiteTarget(
            "whole-process CPU per committed transfer, most callers (Java, Zipf, durable)",
            8,
            "µs",
            true,
            durable.map(SuiteTarget::cpuPerCommitted).orElse(Double.NaN),
            durable.map(r -> r.path("callers").asInt() + " callers").orElse("not run")));
    var fewDurable = zipf.flatMap(r -> transfer(r, "durable", false));
    var fewInmem = zipf.flatMap(r -> transfer(r, "inmem", false));
    double share =
        fewDurable.isPresent() && fewInmem.isPresent()
            ? fewDurable.get().path("committedPerSecond").asDouble()
                / fewInmem.get().path("committedPerSecond").asDouble()
            : Double.NaN;
    targets.add(
        new SuiteTarget(
            "durable transfers/s as a share of the in-memory journal's, fewest callers",
            0.8,
            "share",
            false,
            share,
            fewDurable
                .map(r -> r.path("callers").asInt() + " callers, Java, Zipf")
                .orElse("not run")));
    var memory = report(outcomes, "memory");
    targets.add(
        new SuiteTarget(
            "heap per bank row with its unique index",
            100,
            "bytes",
            true,
            memory
                .map(r -> r.path("bytesPerRow").path("tableWithUniqueBtreeOwner").asDouble())
                .orElse(Double.NaN),
            memory.map(r -> String.format("%,d rows", r.path("rows").asLong())).orElse("not run")));
    var recovery = longestRecovery(outcomes);
    targets.add(
        new SuiteTarget(
            "recovery without snapshots (target set for 1.1 M transactions)",
            3000,
            "ms",
            true,
            recovery.map(r -> r.path("recoveryMillis").asDouble()).orElse(Double.NaN),
            recovery
                .map(
                    r ->
                        String.format("%,d transactions", r.path("recoveredTransactions").asLong()))
                .orElse("not run")));
    var underLoad = report(outcomes, "recovery-load");
    targets.add(
        new SuiteTarget(
            "recovery under full write load / idle recovery, same module",
            RecoveryLoadBench.TARGET_RATIO,
            "x",
            true,
            underLoad.map(r -> r.path("ratio").asDouble()).orElse(Double.NaN),
            underLoad
                .map(r -> String.format("%,d transactions", r.path("transactions").asLong()))
                .orElse("not run")));
    return List.copyOf(targets);
  }

  private static double cpuPerCommitted(JsonNode row) {
    double committed = row.path("committed").asDouble();
    double answered = committed + row.path("refused").asDouble();
    // The report states CPU per answered transfer; the target counts committed ones only.
    return committed == 0
        ? Double.NaN
        : row.path("cpuMicrosPerTx").asDouble() * answered / committed;
  }

  /** The Java row of {@code journal} with the most (or fewest) callers. */
  private static Optional<JsonNode> transfer(JsonNode report, String journal, boolean most) {
    Predicate<JsonNode> wanted =
        r -> r.path("module").asText().equals("java") && r.path("journal").asText().equals(journal);
    var rows = StreamSupport.stream(report.path("transfers").spliterator(), false).filter(wanted);
    var byCallers = java.util.Comparator.<JsonNode>comparingInt(r -> r.path("callers").asInt());
    return most ? rows.max(byCallers) : rows.min(byCallers);
  }

  private static Optional<JsonNode> longestRecovery(List<StepOutcome> outcomes) {
    return outcomes.stream()
        .filter(o -> o.ok() && o.step().name().matches("recovery-\\d+"))
        .flatMap(o -> StreamSupport.stream(o.report().path("recovery").spliterator(), false))
        .filter(r -> r.path("snapshotEvery").asInt() == 0)
        .max(java.util.Comparator.comparingLong(r -> r.path("recoveredTransactions").asLong()));
  }

  static Optional<JsonNode> report(List<StepOutcome> outcomes, String name) {
    return outcomes.stream()
        .filter(o -> o.ok() && o.step().name().equals(name))
        .map(StepOutcome::report)
        .findFirst();
  }
}
