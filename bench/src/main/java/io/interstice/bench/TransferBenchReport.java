package io.interstice.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
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
    var json = ReportJson.object().put("benchmark", "TransferBench").put("date", date.toString());
    json.set("machine", machine.json());
    var settingsJson =
        json.putObject("settings")
            .put("warmupSeconds", ReportJson.rounded(settings.warmup().toMillis() / 1000.0, 1))
            .put("measureSeconds", ReportJson.rounded(settings.measure().toMillis() / 1000.0, 1))
            .put("accounts", settings.accounts())
            .put("initialBalance", settings.initialBalance())
            .put("maxAmount", settings.maxAmount())
            .put("zipfExponent", ReportJson.rounded(settings.zipfExponent(), 3))
            .put("seed", settings.seed())
            .put("callerThreads", settings.callerThreads())
            .put("recoveryTransfers", settings.recoveryTransfers())
            .put("recoverySnapshotEvery", settings.recoverySnapshotEvery())
            .put("recoveryWriteFsync", settings.recoveryWriteFsync());
    var modules = settingsJson.putArray("modules");
    settings.modules().forEach(m -> modules.add(m.label));
    settingsJson.put("dataDir", settings.dataDir().toString());
    transfersJson(json.putArray("transfers"));
    var ratios = json.putArray("moduleRatios");
    for (var r : moduleRatios()) {
      ratios
          .addObject()
          .put("module", r.module())
          .put("baseline", r.baseline())
          .put("journal", r.journal())
          .put("callers", r.callers())
          .put("ratio", ReportJson.rounded(r.value(), 3));
    }
    recoveryJson(json.putArray("recovery"));
    targetsJson(json.putArray("targets"));
    return ReportJson.text(json);
  }

  private void transfersJson(ArrayNode rows) {
    for (var r : transfers) {
      rows.addObject()
          .put("module", r.module())
          .put("journal", r.journal())
          .put("callers", r.callers())
          .put("committed", r.committed())
          .put("refused", r.refused())
          .put("seconds", ReportJson.rounded(r.seconds(), 3))
          .put("committedPerSecond", ReportJson.rounded(r.committedPerSecond(), 1))
          .put("refusedPerSecond", ReportJson.rounded(r.refusedPerSecond(), 1))
          .put("p50Micros", ReportJson.rounded(r.p50Micros(), 1))
          .put("p90Micros", ReportJson.rounded(r.p90Micros(), 1))
          .put("p99Micros", ReportJson.rounded(r.p99Micros(), 1))
          .put("p999Micros", ReportJson.rounded(r.p999Micros(), 1))
          .put("maxMicros", ReportJson.rounded(r.maxMicros(), 1))
          .put("cpuMicrosPerTx", ReportJson.rounded(r.cpuMicrosPerTx(), 2))
          .put("loadAverage", ReportJson.rounded(r.loadAverage(), 2))
          .put("firstCallMillis", r.firstCallMillis())
          .put("openSeconds", ReportJson.rounded(r.openSeconds(), 2));
    }
  }

  private void recoveryJson(ArrayNode rows) {
    for (var r : recoveries) {
      rows.addObject()
          .put("log", r.label())
          .put("snapshotEvery", r.snapshotEvery())
          .put("lastTxId", r.lastTxId())
          .put("writeSeconds", ReportJson.rounded(r.writeSeconds(), 1))
          .put("logBytes", r.logBytes())
          .put("recoveredTransactions", r.recoveredTransactions())
          .put("replayedEvents", r.replayedEvents())
          .put("snapshotSequenceNr", r.snapshotSequenceNr())
          .put("recoveryMillis", r.recoveryMillis())
          .put("firstReplyMillis", r.firstReplyMillis())
          .put("nodeStartMillis", r.nodeStartMillis())
          .put("balancesOk", r.balancesOk());
    }
  }

  private void targetsJson(ArrayNode rows) {
    for (int callers : settings.callerCounts()) {
      find(TransferModule.JAVA, TransferJournal.DURABLE, callers)
          .ifPresent(
              r ->
                  target(
                      rows,
                      "durable committed tx/s",
                      callers,
                      ReportJson.rounded(TARGET_TX_PER_SECOND, 0),
                      ReportJson.rounded(r.committedPerSecond(), 1),
                      r.committedPerSecond() >= TARGET_TX_PER_SECOND));
      shareOfInmem(callers)
          .ifPresent(
              share ->
                  target(
                      rows,
                      "durable / inmem",
                      callers,
                      ReportJson.rounded(TARGET_SHARE_OF_INMEM, 2),
                      ReportJson.rounded(share, 3),
                      share >= TARGET_SHARE_OF_INMEM));
      wasmShareOfJava(callers)
          .ifPresent(
              share ->
                  target(
                      rows,
                      "wasm-compiled / java, durable",
                      callers,
                      ReportJson.rounded(TARGET_WASM_SHARE_OF_JAVA, 2),
                      ReportJson.rounded(share, 3),
                      share >= TARGET_WASM_SHARE_OF_JAVA));
    }
  }

  private static void target(
      ArrayNode rows,
      String target,
      int callers,
      BigDecimal required,
      BigDecimal actual,
      boolean met) {
    rows.addObject()
        .put("target", target)
        .put("callers", callers)
        .put("required", required)
        .put("actual", actual)
        .put("met", met);
  }
}
