package io.interstice.bench;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The results of one {@link TransferBench} run as JSON and as markdown tables, with the ratio of
 * the durable rows to the in-memory ceiling measured in the same run and the targets they are held
 * to.
 */
final class TransferBenchReport {
  /** Committed durable transfers per second to reach. */
  static final double TARGET_TX_PER_SECOND = 50_000;

  /** Share of the in-memory ceiling the durable rows must reach. */
  static final double TARGET_SHARE_OF_INMEM = 0.5;

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

  Optional<TransferResult> find(TransferJournal journal, int callers) {
    return transfers.stream()
        .filter(r -> r.journal().equals(journal.label) && r.callers() == callers)
        .findFirst();
  }

  /** Committed transfers/s of durable divided by those of inmem, same caller count. */
  Optional<Double> shareOfInmem(int callers) {
    var durable = find(TransferJournal.DURABLE, callers);
    var inmem = find(TransferJournal.INMEM, callers);
    if (durable.isEmpty() || inmem.isEmpty() || inmem.get().committedPerSecond() == 0) {
      return Optional.empty();
    }
    return Optional.of(durable.get().committedPerSecond() / inmem.get().committedPerSecond());
  }

  Optional<Boolean> throughputTargetMet(int callers) {
    return find(TransferJournal.DURABLE, callers)
        .map(r -> r.committedPerSecond() >= TARGET_TX_PER_SECOND);
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
          "| journal | callers | committed tx/s | refused/s | p50 µs | p99 µs | max µs |"
              + " CPU µs/tx | committed | refused | load |\n");
      md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (var r : transfers) {
        md.append(
            String.format(
                Locale.ROOT,
                "| %s | %d | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %.1f | %,d | %,d | %.1f |%n",
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
                r.loadAverage()));
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
                + "    \"recoveryWriteFsync\": %s,%n    \"dataDir\": %s%n  },%n",
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
            JsonText.quote(settings.dataDir().toString())));
    json.append("  \"transfers\": [\n");
    json.append(
        JsonText.lines(
            transfers,
            r ->
                String.format(
                    Locale.ROOT,
                    "    {\"journal\": %s, \"callers\": %d, \"committed\": %d, \"refused\": %d,"
                        + " \"seconds\": %.3f, \"committedPerSecond\": %.1f, \"refusedPerSecond\": %.1f,"
                        + " \"p50Micros\": %.1f, \"p99Micros\": %.1f, \"maxMicros\": %.1f,"
                        + " \"cpuMicrosPerTx\": %.2f, \"loadAverage\": %.2f}",
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
                    r.loadAverage())));
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
      var durable = find(TransferJournal.DURABLE, callers);
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
    }
    json.append(String.join(",\n", targets)).append(targets.isEmpty() ? "" : "\n");
    json.append("  ]\n}\n");
    return json.toString();
  }
}
