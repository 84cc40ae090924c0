package io.interstice.tests.damage;

import io.interstice.journal.log.RecoveryMode;
import io.interstice.tests.damage.Judge.Outcome;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts of outcomes per fault kind and recovery mode, and per kind of damaged file, printed as the
 * suite's tables.
 *
 * <p>Not thread-safe.
 */
final class Tally {
  private final Map<FaultKind, Map<RecoveryMode, int[]>> byFault = new EnumMap<>(FaultKind.class);
  private final Map<FileKind, Map<RecoveryMode, int[]>> byFile = new EnumMap<>(FileKind.class);

  /** Counts the outcome of {@code fault} recovered in {@code mode}. */
  void add(Fault fault, RecoveryMode mode, Outcome outcome) {
    cell(byFault, fault.kind(), mode)[outcome.ordinal()]++;
    cell(byFile, fault.fileKind(), mode)[outcome.ordinal()]++;
  }

  /** Recoveries that ended silent, over every fault and mode. */
  int silent() {
    return byFault.values().stream()
        .flatMap(m -> m.values().stream())
        .mapToInt(c -> c[Outcome.SILENT.ordinal()])
        .sum();
  }

  /** The table per fault kind and mode, then the one per file kind and mode. */
  String tables() {
    var out = new StringBuilder();
    table(out, "fault kind", byFault, FaultKind::label);
    out.append('\n');
    table(out, "damaged file", byFile, FileKind::label);
    return out.toString();
  }

  private static <K extends Enum<K>> void table(
      StringBuilder out,
      String heading,
      Map<K, Map<RecoveryMode, int[]>> rows,
      java.util.function.Function<K, String> label) {
    var format = "%-18s %-26s %9s %6s %7s%n";
    out.append(
        String.format(Locale.ROOT, format, heading, "recovery mode", "harmless", "loud", "silent"));
    var totals = new EnumMap<RecoveryMode, int[]>(RecoveryMode.class);
    rows.forEach(
        (key, modes) ->
            modes.forEach(
                (mode, counts) -> {
                  row(out, format, label.apply(key), mode, counts);
                  var total = totals.computeIfAbsent(mode, m -> new int[Outcome.values().length]);
                  for (int i = 0; i < counts.length; i++) {
                    total[i] += counts[i];
                  }
                }));
    totals.forEach((mode, counts) -> row(out, format, "all", mode, counts));
  }

  private static void row(
      StringBuilder out, String format, String label, RecoveryMode mode, int[] counts) {
    out.append(
        String.format(
            Locale.ROOT,
            format,
            label,
            mode.name().toLowerCase(Locale.ROOT).replace('_', '-'),
            counts[Outcome.HARMLESS.ordinal()],
            counts[Outcome.LOUD.ordinal()],
            counts[Outcome.SILENT.ordinal()]));
  }

  private static <K extends Enum<K>> int[] cell(
      Map<K, Map<RecoveryMode, int[]>> table, K key, RecoveryMode mode) {
    return table
        .computeIfAbsent(key, k -> new EnumMap<>(RecoveryMode.class))
        .computeIfAbsent(mode, m -> new int[Outcome.values().length]);
  }
}
