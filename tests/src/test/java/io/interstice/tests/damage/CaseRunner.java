package io.interstice.tests.damage;

import io.interstice.journal.log.RecoveryMode;
import io.interstice.tests.damage.Judge.Outcome;
import io.interstice.tests.damage.Judge.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs one case: copies the pristine log, applies the case's fault to the copy, recovers a fresh
 * copy of the damaged log in every recovery mode (truncate-after-corruption rewrites files) and
 * judges each recovery. The first {@code keepLimit} cases with a silent recovery keep their folder
 * with {@code damaged/}, the log as the fault left it (a long run would fill the disk with all of
 * them; any case can be recreated from the seed and the pristine log).
 *
 * <p>Not thread-safe.
 */
final class CaseRunner {
  private final PristineLog pristine;
  private final Recoverer recoverer;
  private final Judge judge;
  private final Path workDir;
  private final int keepLimit;
  private int kept;

  CaseRunner(PristineLog pristine, Recoverer recoverer, Judge judge, Path workDir, int keepLimit) {
    this.pristine = pristine;
    this.recoverer = recoverer;
    this.judge = judge;
    this.workDir = workDir;
    this.keepLimit = keepLimit;
  }

  /**
   * The verdicts of one case.
   *
   * @param kept the case's folder when it was kept, else null (it was deleted)
   */
  record Result(int caseNo, Fault fault, Map<RecoveryMode, Verdict> verdicts, Path kept) {
    boolean silent() {
      return verdicts.values().stream().anyMatch(v -> v.outcome() == Outcome.SILENT);
    }
  }

  /** Applies {@code fault} (null: none, the baseline) and judges its recovery in every mode. */
  Result run(int caseNo, Fault fault) throws IOException {
    var caseDir = workDir.resolve(fault == null ? "baseline" : "case-" + caseNo);
    var damaged = caseDir.resolve("damaged");
    Files.createDirectories(caseDir);
    pristine.copyTo(damaged);
    if (fault != null) {
      fault.applyTo(damaged);
    }
    var verdicts = new EnumMap<RecoveryMode, Verdict>(RecoveryMode.class);
    for (var mode : RecoveryMode.values()) {
      var copy = caseDir.resolve(mode.name().toLowerCase(Locale.ROOT));
      PristineLog.copyTree(damaged, copy);
      var recovered = recoverer.recover(copy, mode);
      var verdict = judge.judge(recovered, fault == null ? null : fault.file());
      verdicts.put(mode, withJournalWords(verdict, recovered));
      deleteTree(copy);
    }
    var result = new Result(caseNo, fault, verdicts, caseDir);
    if (result.silent() && kept < keepLimit) {
      kept++;
      return result;
    }
    deleteTree(caseDir);
    return new Result(caseNo, fault, verdicts, null);
  }

  /** A silent verdict also shows what the journal reported and logged, to see what it knew. */
  private static Verdict withJournalWords(Verdict verdict, Recovered recovered) {
    if (verdict.outcome() != Outcome.SILENT) {
      return verdict;
    }
    var lines = new ArrayList<>(verdict.findings());
    recovered.damageReports().stream().limit(3).forEach(r -> lines.add("damage report: " + r));
    recovered.logged().stream().limit(3).forEach(l -> lines.add("journal log: " + l));
    return new Verdict(verdict.outcome(), lines);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (var path : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }
}
