package io.interstice.tests.damage;

import io.interstice.journal.log.RecoveryMode;
import io.interstice.tests.damage.Recovered.IdRecovery;
import io.interstice.tests.damage.WriterReport.IdReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Classifies a recovery of a damaged log against what the writer acknowledged:
 *
 * <ul>
 *   <li><b>harmless</b>: every id recovered every acknowledged event, unchanged, and a highest
 *       sequence number no lower than its highest acknowledged one;
 *   <li><b>loud</b>: some ids lost acknowledged events or failed, and each of them failed with a
 *       message naming the damaged file, or (in the lenient recovery modes only) the journal's
 *       damage reports name it; nothing was changed or invented;
 *   <li><b>silent</b>: anything else: a loss nobody named, an event or snapshot that differs from
 *       what was written, an event never written, a sequence number twice, part of an atomic write,
 *       or a highest sequence number below an acknowledged one in a recovery that did not fail (the
 *       writer would reuse numbers it acknowledged before).
 * </ul>
 *
 * <p>Immutable; thread-safe.
 */
final class Judge {
  /** The class of a case in one recovery mode. */
  enum Outcome {
    HARMLESS,
    LOUD,
    SILENT
  }

  /** How bad what happened to one id is; the later constants are worse. */
  enum Severity {
    OK,
    /** Acknowledged events missing: acceptable only when named. */
    LOST,
    /** The recovery failed: acceptable only when the failure names the damage. */
    FAILED,
    /** A recovery that did not fail continues below an acknowledged sequence number. */
    LOWERED,
    /** Changed, invented, repeated or partial data: never acceptable. */
    CHANGED
  }

  /** The outcome of a recovery and, unless harmless, what was wrong with which id. */
  record Verdict(Outcome outcome, List<String> findings) {}

  private record Finding(String persistenceId, Severity severity, List<String> problems) {}

  private final WriterReport report;
  private final Set<String> ambiguousNames;

  /**
   * A judge of recoveries of the log {@code report} describes, whose data directory holds {@code
   * files} (relative paths) before any damage.
   */
  Judge(WriterReport report, List<Path> files) {
    this.report = report;
    var seen = new HashSet<String>();
    this.ambiguousNames =
        files.stream()
            .map(f -> f.getFileName().toString())
            .filter(name -> !seen.add(name))
            .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Judges {@code recovered}, a recovery of the log with {@code damaged} (relative to the data
   * directory) damaged; {@code null} when nothing was, which leaves harmless or silent.
   */
  Verdict judge(Recovered recovered, Path damaged) {
    var findings = new ArrayList<Finding>();
    for (var id : report.persistenceIds()) {
      findings.add(check(report.of(id), recovered.ids().get(id)));
    }
    var bad = findings.stream().filter(f -> f.severity() != Severity.OK).toList();
    if (bad.isEmpty()) {
      return new Verdict(Outcome.HARMLESS, List.of());
    }
    boolean lenient = recovered.mode() != RecoveryMode.STRICT;
    var reports = new ArrayList<>(recovered.damageReports());
    recovered.ids().values().stream()
        .filter(r -> r.failure() != null)
        .forEach(r -> reports.add(failureText(r.failure())));
    boolean reported = lenient && reports.stream().anyMatch(r -> names(r, damaged));
    var outcome = Outcome.LOUD;
    var lines = new ArrayList<String>();
    for (var finding : bad) {
      var failure = recovered.ids().get(finding.persistenceId()).failure();
      boolean named = names(failureText(failure), damaged) || reported;
      boolean acceptable = finding.severity().compareTo(Severity.FAILED) <= 0 && named;
      if (!acceptable) {
        outcome = Outcome.SILENT;
      }
      lines.add(
          finding.persistenceId()
              + " "
              + finding.severity()
              + (acceptable
                  ? " (named)"
                  : named ? " (named, but never acceptable)" : " (nothing names the file)")
              + ": "
              + String.join("; ", finding.problems()));
    }
    return new Verdict(outcome, lines);
  }

  private static Finding check(IdReport expected, IdRecovery recovered) {
    var id = expected.persistenceId();
    if (recovered.failure() != null) {
      return new Finding(
          id, Severity.FAILED, List.of("recovery failed: " + failureText(recovered.failure())));
    }
    var check = new IdCheck(expected, recovered);
    return new Finding(id, check.severity(), check.problems());
  }

  /**
   * True when {@code text} names {@code file}: its name, and its folder's too where several files
   * share the name (every snapshot folder has a {@code newest.dat}).
   */
  private boolean names(String text, Path file) {
    if (file == null || text == null) {
      return false;
    }
    var name = file.getFileName().toString();
    if (!text.contains(name)) {
      return false;
    }
    return !ambiguousNames.contains(name)
        || (file.getParent() != null && text.contains(file.getParent().getFileName().toString()));
  }

  /** The failure and its causes, which is what an operator sees of it. */
  private static String failureText(Throwable failure) {
    if (failure == null) {
      return null;
    }
    var text = new StringBuilder();
    for (var t = failure; t != null; t = t.getCause()) {
      text.append(text.length() == 0 ? "" : " / caused by ").append(t);
    }
    return text.toString();
  }
}
