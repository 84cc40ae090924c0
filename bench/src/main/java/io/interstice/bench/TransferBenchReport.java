package io.interstice.bench;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The results of one {@link TransferBench} run as JSON and as markdown tables, with the ratio of
 * the durable rows to the in-memory ceiling measured in the same run, the ratios of the WebAssembly
 * bank to the Java bank, and the targets they are held to.
 */
final class TransferBenchReport {
  /** Committed durable transfers per second to reach. */
  static final double TARGET_TX_PER_SECOND = 50_000;

  /** Share of the in-memory ceiling the durable rows must reach. */
  static final double TARGET_SHARE_OF_INMEM = 0.5;

  /** Share of the Java bank's durable throughput the compiled WebAssembly bank must reach. */
  static final double TARGET_WASM_SHARE_OF_JAVA = 0.5;

  /**
   * Committed transfers/s of one row divided by those of another with the same journal and callers.
   */
  record ModuleRatio(String module, String baseline, String journal, int callers, double value) {}

  private final OffsetDateTime date;
  private final Machine machine;
  private final TransferSettings settings;
  private final List<TransferResult> transfers;
  private final List<RecoveryResult> recoveries;

  TransferBenchReport(
      OffsetDateTime date,
      Machine machine,
      TransferSettings settings,
      List<TransferResult> transfers,
      List<RecoveryResult> recoveries) {
    this.date = date;
    this.machine = machine;
    this.settings = settings;
    this.transfers = List.copyOf(transfers);
    this.recoveries = List.copyOf(recoveries);
  }

  Optional<TransferResult> find(TransferModule module, TransferJournal journal, int callers) {
    return transfers.stream()
        .filter(
            r ->
                r.module().equals(module.label)
                    && r.journal().equals(journal.label)
                    && r.callers() == callers)
        .findFirst();
  }

  /** Committed transfers/s of the first row divided by those of the second, when both ran. */
  private Optional<Double> ratio(
      TransferModule module,
      TransferJournal journal,
      TransferModule baseline,
      TransferJournal baselineJournal,
      int callers) {
    var row = find(module, journal, callers);
    var base = find(baseline, baselineJournal, callers);
    if (row.isEmpty() || base.isEmpty() || base.get().committedPerSecond() == 0) {
      return Optional.empty();
    }
    return Optional.of(row.get().committedPerSecond() / base.get().committedPerSecond());
  }

  /** Java bank: committed transfers/s of durable divided by those of inmem, same caller count. */
  Optional<Double> shareOfInmem(int callers) {
    return ratio(
        TransferModule.JAVA,
        TransferJournal.DURABLE,
        TransferModule.JAVA,
        TransferJournal.INMEM,
        callers);
  }

  Optional<Boolean> throughputTargetMet(int callers) {
    return find(TransferModule.JAVA, TransferJournal.DURABLE, callers)
        .map(r -> r.committedPerSecond() >= TARGET_TX_PER_SECOND);
  }

  /**
   * Per journal and caller count: each WebAssembly bank against the Java bank, and the compiled
   * against the interpreted one; only the pairs that ran.
   */
  List<ModuleRatio> moduleRatios() {
    var pairs =
        List.of(
            List.of(TransferModule.WASM_COMPILED, TransferModule.JAVA),
            List.of(TransferModule.WASM_INTERPRETER, TransferModule.JAVA),
            List.of(TransferModule.WASM_COMPILED, TransferModule.WASM_INTERPRETER));
    var ratios = new ArrayList<ModuleRatio>();
    for (int callers : settings.callerCounts()) {
      for (var journal : settings.journals()) {
        for (var pair : pairs) {
          ratio(pair.get(0), journal, pair.get(1), journal, callers)
              .ifPresent(
                  value ->
                      ratios.add(
                          new ModuleRatio(
                              pair.get(0).label,
                              pair.get(1).label,
                              journal.label,
                              callers,
                              value)));
        }
      }
    }
    return ratios;
  }

  /** Whether the compiled WebAssembly bank reached its share of the Java bank, durable. */
  Optional<Boolean> wasmTargetMet(int callers) {
    return wasmShareOfJava(callers).map(share -> share >= TARGET_WASM_SHARE_OF_JAVA);
  }

  private Optional<Double> wasmShareOfJava(int callers) {
    return ratio(
        TransferModule.WASM_COMPILED,
        TransferJournal.DURABLE,
        TransferModule.JAVA,
        TransferJournal.DURABLE,
        callers);
  }

  Optional<Boolean> shareTargetMet(int callers) {
    return shareOfInmem(callers).map(share -> share >= TARGET_SHARE_OF_INMEM);
  }

  String markdown() {
    var md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "TransferBench, %s: %s; %,d accounts"
                + " of %,d units, Zipf exponent %.2f, amounts 1..%d; durable = binary log with"
                + " fsync = always, snapshots off in both rows; %.0f s warm-up and %.0f s"
                + " measured per row%n%n",
            date.withNano(0),
            machine.summary(),
            settings.accounts(),
            settings.initialBalance(),
            settings.zipfExponent(),
            settings.maxAmount(),
            settings.warmup().toMillis() / 1000.0,
            settings.measure().toMillis() / 1000.0));
    if (!transfers.isEmpty()) {
      md.append(
          "| module | journal | callers | committed tx/s | refused/s | p50 µs | p99 µs | max µs |"
              + " CPU µs/tx | committed | refused | load | first call ms | open s |\n");
      md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (var r : transfers) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %d | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %.1f | %,d | %,d | %.1f"
                    + " | %,d | %.1f |%n",
                r.module(),
                r.journal(),
                r.callers(),
                r.committedPerSecond(),
                r.refusedPerSecond(),
                r.p50Micros(),
                r.p99Micros(),
                r.maxMicros(),
                r.cpuMicrosPerTx(),
                r.committed(),
                r.refused(),
                r.loadAverage(),
                r.firstCallMillis(),
                r.openSeconds()));
      }
      md.append('\n');
      for (int callers : settings.callerCounts()) {
        shareOfInmem(callers)
            .ifPresent(
                share ->
                    md.append(
                        String.format(
                            Locale.ROOT,
                            "- durable / inmem (ceiling), %d callers: %.0f %%%n",
                            callers,
                            share * 100)));
        throughputTargetMet(callers)
            .ifPresent(
                met ->
                    md.append(
                        String.format(
                            Locale.ROOT,
                            "- target %,.0f durable committed tx/s, %d callers: %s%n",
                            TARGET_TX_PER_SECOND,
                            callers,
                            met ? "PASS" : "FAIL")));
        shareTargetMet(callers)
            .ifPresent(
                met ->
                    md.append(
                        String.format(
                            Locale.ROOT,
                            "- target durable >= %.0f %% of inmem, %d callers: %s%n",
                            TARGET_SHARE_OF_INMEM * 100,
                            callers,
                            met ? "PASS" : "FAIL")));
      }
      for (var r : moduleRatios()) {
        // A share of the Java bank in percent, the engines' speed-up as a factor.
        var value =
            r.baseline().equals(TransferModule.JAVA.label)
                ? String.format(Locale.ROOT, "%.0f %%", r.value() * 100)
                : String.format(Locale.ROOT, "%.2fx", r.value());
        md.append(
            String.format(
                Locale.ROOT,
                "- %s / %s, %s, %d callers: %s%n",
                r.module(),
                r.baseline(),
                r.journal(),
                r.callers(),
                value));
      }
      for (int callers : settings.callerCounts()) {
        wasmTargetMet(callers)
            .ifPresent(
                met ->
                    md.append(
                        String.format(
                            Locale.ROOT,
                            "- target wasm-compiled >= %.0f %% of java, durable, %d callers: %s%n",
                            TARGET_WASM_SHARE_OF_JAVA * 100,
                            callers,
                            met ? "PASS" : "FAIL")));
      }
    }
    if (!recoveries.isEmpty()) {
      md.append(
          String.format(
              Locale.ROOT,
              "%nRecovery of a module log of %,d accounts and %,d committed transfers (written"
                  + " with fsync = %s: only the recovery is measured), by a node started in a new"
                  + " JVM:%n%n",
              settings.accounts(),
              settings.recoveryTransfers(),
              settings.recoveryWriteFsync()));
      md.append(
          "| log | snapshot-every | transactions | on disk MiB | events replayed | snapshot at |"
              + " recovery ms | first reply ms | node start ms | balances |\n");
      md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
      for (var r : recoveries) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %,d | %,.0f | %,d | %,d | %,d | %,d | %,d | %s |%n",
                r.label(),
                r.snapshotEvery() == 0
                    ? "off"
                    : String.format(Locale.ROOT, "%,d", r.snapshotEvery()),
                r.recoveredTransactions(),
                r.logBytes() / 1048576.0,
                r.replayedEvents(),
                r.snapshotSequenceNr(),
                r.recoveryMillis(),
                r.firstReplyMillis(),
                r.nodeStartMillis(),
                r.balancesOk() ? "add up" : "DO NOT ADD UP"));
      }
    }
    return md.toString();
  }

  String json() {
    var json = new StringBuilder("{\n");
    json.append("  \"benchmark\": \"TransferBench\",\n");
    json.append("  \"date\": ").append(JsonText.quote(date.toString())).append(",\n");
    json.append("  \"machine\": ").append(machine.json()).append(",\n");
    json.append("  \"settings\": {\n");
    json.append(
        String.format(
            Locale.ROOT,
            "    \"warmupSeconds\": %.1f,%n    \"measureSeconds\": %.1f,%n    \"accounts\": %d,%n"
                + "    \"initialBalance\": %d,%n    \"maxAmount\": %d,%n"
                + "    \"zipfExponent\": %.3f,%n    \"seed\": %d,%n    \"callerThreads\": %d,%n"
                + "    \"recoveryTransfers\": %d,%n    \"recoverySnapshotEvery\": %d,%n"
                + "    \"recoveryWriteFsync\": %s,%n    \"modules\": [%s],%n"
                + "    \"dataDir\": %s%n  },%n",
            settings.warmup().toMillis() / 1000.0,
            settings.measure().toMillis() / 1000.0,
            settings.accounts(),
            settings.initialBalance(),
            settings.maxAmount(),
            settings.zipfExponent(),
            settings.seed(),
            settings.callerThreads(),
            settings.recoveryTransfers(),
            settings.recoverySnapshotEvery(),
            JsonText.quote(settings.recoveryWriteFsync()),
            String.join(
                ", ", settings.modules().stream().map(m -> JsonText.quote(m.label)).toList()),
            JsonText.quote(settings.dataDir().toString())));
    json.append("  \"transfers\": [\n");
    json.append(
        JsonText.lines(
            transfers,
            r ->
                String.format(
                    Locale.ROOT,
                    "    {\"module\": %s, \"journal\": %s, \"callers\": %d, \"committed\": %d,"
                        + " \"refused\": %d,"
                        + " \"seconds\": %.3f, \"committedPerSecond\": %.1f, \"refusedPerSecond\": %.1f,"
                        + " \"p50Micros\": %.1f, \"p99Micros\": %.1f, \"maxMicros\": %.1f,"
                        + " \"cpuMicrosPerTx\": %.2f, \"loadAverage\": %.2f,"
                        + " \"firstCallMillis\": %d, \"openSeconds\": %.2f}",
                    JsonText.quote(r.module()),
                    JsonText.quote(r.journal()),
                    r.callers(),
                    r.committed(),
                    r.refused(),
                    r.seconds(),
                    r.committedPerSecond(),
                    r.refusedPerSecond(),
                    r.p50Micros(),
                    r.p99Micros(),
                    r.maxMicros(),
                    r.cpuMicrosPerTx(),
                    r.loadAverage(),
                    r.firstCallMillis(),
                    r.openSeconds())));
    json.append("  ],\n  \"moduleRatios\": [\n");
    json.append(
        JsonText.lines(
            moduleRatios(),
            r ->
                String.format(
                    Locale.ROOT,
                    "    {\"module\": %s, \"baseline\": %s, \"journal\": %s, \"callers\": %d,"
                        + " \"ratio\": %.3f}",
                    JsonText.quote(r.module()),
                    JsonText.quote(r.baseline()),
                    JsonText.quote(r.journal()),
                    r.callers(),
                    r.value())));
    json.append("  ],\n  \"recovery\": [\n");
    json.append(
        JsonText.lines(
            recoveries,
            r ->
                String.format(
                    Locale.ROOT,
                    "    {\"log\": %s, \"snapshotEvery\": %d, \"lastTxId\": %d, \"writeSeconds\": %.1f,"
                        + " \"logBytes\": %d, \"recoveredTransactions\": %d, \"replayedEvents\": %d,"
                        + " \"snapshotSequenceNr\": %d, \"recoveryMillis\": %d,"
                        + " \"firstReplyMillis\": %d, \"nodeStartMillis\": %d, \"balancesOk\": %b}",
                    JsonText.quote(r.label()),
                    r.snapshotEvery(),
                    r.lastTxId(),
                    r.writeSeconds(),
                    r.logBytes(),
                    r.recoveredTransactions(),
                    r.replayedEvents(),
                    r.snapshotSequenceNr(),
                    r.recoveryMillis(),
                    r.firstReplyMillis(),
                    r.nodeStartMillis(),
                    r.balancesOk())));
    json.append("  ],\n  \"targets\": [\n");
    var targets = new ArrayList<String>();
    for (int callers : settings.callerCounts()) {
      var durable = find(TransferModule.JAVA, TransferJournal.DURABLE, callers);
      durable.ifPresent(
          r ->
              targets.add(
                  String.format(
                      Locale.ROOT,
                      "    {\"target\": \"durable committed tx/s\", \"callers\": %d,"
                          + " \"required\": %.0f, \"actual\": %.1f, \"met\": %b}",
                      callers,
                      TARGET_TX_PER_SECOND,
                      r.committedPerSecond(),
                      r.committedPerSecond() >= TARGET_TX_PER_SECOND)));
      shareOfInmem(callers)
          .ifPresent(
              share ->
                  targets.add(
                      String.format(
                          Locale.ROOT,
                          "    {\"target\": \"durable / inmem\", \"callers\": %d,"
                              + " \"required\": %.2f, \"actual\": %.3f, \"met\": %b}",
                          callers,
                          TARGET_SHARE_OF_INMEM,
                          share,
                          share >= TARGET_SHARE_OF_INMEM)));
      wasmShareOfJava(callers)
          .ifPresent(
              share ->
                  targets.add(
                      String.format(
                          Locale.ROOT,
                          "    {\"target\": \"wasm-compiled / java, durable\", \"callers\": %d,"
                              + " \"required\": %.2f, \"actual\": %.3f, \"met\": %b}",
                          callers,
                          TARGET_WASM_SHARE_OF_JAVA,
                          share,
                          share >= TARGET_WASM_SHARE_OF_JAVA)));
    }
    json.append(String.join(",\n", targets)).append(targets.isEmpty() ? "" : "\n");
    json.append("  ]\n}\n");
    return json.toString();
  }
}
