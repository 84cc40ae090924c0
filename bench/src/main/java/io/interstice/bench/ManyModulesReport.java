package io.interstice.bench;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;

/**
 * What the {@code many-modules} scenario of {@link ReplayBench} found: many small modules written
 * once, then recovered after node restarts; written as {@code many-modules.json} and {@code .md},
 * the report the {@link Suite} collects.
 *
 * @param date when the run started
 * @param machine where it ran
 * @param modules modules written and recovered
 * @param callsPerModule transactions committed in each module before the restarts
 * @param heap the {@code -Xmx} of the node's JVM, as given ({@code 12g})
 * @param writeSeconds how long writing the modules took, NaN when an earlier run's log was reused
 * @param runs one entry per restart
 */
record ManyModulesReport(
    OffsetDateTime date,
    Machine machine,
    int modules,
    int callsPerModule,
    String heap,
    double writeSeconds,
    List<Run> runs) {

  /** The base name of the report files. */
  static final String NAME = "many-modules";

  ManyModulesReport {
    runs = List.copyOf(runs);
  }

  /**
   * One restart.
   *
   * @param eventsReplayed events all modules replayed together
   * @param allRecoveredMillis from the first requests, sent to every module at once, until every
   *     module had answered
   * @param medianModuleMillis the median of the modules' own recovery times
   * @param maxModuleMillis the longest recovery of one module
   * @param loadAverage the one-minute load average when the restart was over
   */
  record Run(
      long eventsReplayed,
      long allRecoveredMillis,
      long medianModuleMillis,
      long maxModuleMillis,
      double loadAverage) {

    /**
     * Reads the fields of {@link ManyModulesProbe#RESULT}'s line: prefix, modules, events, all
     * recovered, median, max.
     */
    static Run parse(String[] fields, double loadAverage) {
      if (fields.length != 6) {
        throw new IllegalArgumentException(
            "expected 6 fields in the probe's result line, found " + String.join(" ", fields));
      }
      return new Run(
          Long.parseLong(fields[2]),
          Long.parseLong(fields[3]),
          Long.parseLong(fields[4]),
          Long.parseLong(fields[5]),
          loadAverage);
    }
  }

  String json() {
    var json =
        ReportJson.object()
            .put("benchmark", "ReplayBench")
            .put("scenario", NAME)
            .put("date", date.toString())
            .put("modules", modules)
            .put("callsPerModule", callsPerModule)
            .put("heap", heap)
            .put("writeSeconds", ReportJson.rounded(writeSeconds, 1));
    json.set("machine", machine.json());
    var array = json.putArray("runs");
    for (var r : runs) {
      array
          .addObject()
          .put("eventsReplayed", r.eventsReplayed())
          .put("allRecoveredMillis", r.allRecoveredMillis())
          .put("medianModuleMillis", r.medianModuleMillis())
          .put("maxModuleMillis", r.maxModuleMillis())
          .put("loadAverage", ReportJson.rounded(r.loadAverage(), 2));
    }
    return ReportJson.text(json);
  }

  String markdown() {
    var md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "%,d modules (copies of hello-wasm, interpreter), %,d transactions each, node heap"
                + " -Xmx%s; written in %s.%n%n",
            modules,
            callsPerModule,
            heap,
            Double.isNaN(writeSeconds)
                ? "an earlier run (log reused)"
                : String.format(Locale.ROOT, "%.1f s", writeSeconds)));
    md.append(
        "| restart | events replayed | all recovered ms | per module median ms | per module"
            + " max ms | load |\n");
    md.append("|---:|---:|---:|---:|---:|---:|\n");
    for (int i = 0; i < runs.size(); i++) {
      var r = runs.get(i);
      md.append(
          String.format(
              Locale.ROOT,
              "| %d | %,d | %,d | %,d | %,d | %.1f |%n",
              i + 1,
              r.eventsReplayed(),
              r.allRecoveredMillis(),
              r.medianModuleMillis(),
              r.maxModuleMillis(),
              r.loadAverage()));
    }
    return md.toString();
  }
}
