package io.interstice.tests.damage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.log.RecoveryMode;
import io.interstice.tests.ChildJvm;
import io.interstice.tests.damage.CaseRunner.Result;
import io.interstice.tests.damage.Judge.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The damage suite: a {@link DamageWriter} child writes one log under concurrent load (8 ids,
 * atomic batches, snapshots, deletions, several segments) and is killed with SIGKILL; then each
 * case applies one fault of its own choosing ({@link FaultPicker}) to a copy of that log, recovers
 * it in every recovery mode ({@link Recoverer}) and classifies each recovery ({@link Judge}). No
 * recovery may be silent.
 *
 * <p>System properties: {@code damage.seed} (printed; chooses the writer's load and every fault),
 * {@code damage.cases} (default {@value #DEFAULT_CASES}; 5000 for the long run), {@code
 * damage.pristine} (a folder a failed run kept: judge its log again instead of writing a new one)
 * and {@code damage.only} (comma-separated case numbers to run alone). A failed run keeps its
 * folder: the pristine log, the writer's report, every silent case described in {@value
 * #SILENT_FILE} and the damaged copies of the first {@value #KEEP_LIMIT} silent cases.
 */
class LogDamageSuiteTest {
  private static final int DEFAULT_CASES = 300;
  private static final PristineLog.Goal GOAL =
      new PristineLog.Goal(1500, 3, Duration.ofSeconds(60));
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
  private static final int KEEP_LIMIT = 50;
  private static final int SILENT_SHOWN = 10;
  private static final String SILENT_FILE = "silent-cases.txt";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void killLeftoverChildren() throws InterruptedException {
    ChildJvm.killAll(children, KILL_TIMEOUT);
  }

  @Test
  void shouldRecoverEveryAcknowledgedEventOrFailNamingTheDamagedFile() throws Exception {
    long started = System.nanoTime();
    long seed = Long.getLong("damage.seed", System.nanoTime());
    var kept = System.getProperty("damage.pristine");
    var pristine =
        kept == null
            ? PristineLog.write(dir, seed, GOAL, children)
            : PristineLog.load(Path.of(kept));
    var context = "seed " + seed + ", pristine log in " + (kept == null ? dir : kept);
    assertWriterCoveredTheLog(pristine, context);
    long written = System.nanoTime();

    var files = pristine.files();
    var picker = new FaultPicker(seed, pristine.dataDir(), files);
    var report = pristine.report();
    var tally = new Tally();
    var silent = new ArrayList<Result>();
    var caseNumbers = caseNumbers();
    try (var recoverer = Recoverer.start(dir.resolve("unused"), report.persistenceIds())) {
      var judge = new Judge(report, files);
      var runner = new CaseRunner(pristine, recoverer, judge, dir.resolve("cases"), KEEP_LIMIT);
      var baseline = runner.run(-1, null);
      assertTrue(
          !baseline.silent(),
          () -> "the undamaged log does not recover (" + context + ")\n" + details(baseline));
      for (int caseNo : caseNumbers) {
        var result = runner.run(caseNo, picker.pick(caseNo));
        result.verdicts().forEach((mode, v) -> tally.add(result.fault(), mode, v.outcome()));
        if (result.silent()) {
          silent.add(result);
        }
      }
    }
    var silentFile = dir.resolve(SILENT_FILE);
    Files.writeString(
        silentFile,
        silent.stream().map(LogDamageSuiteTest::details).collect(Collectors.joining("\n")));

    System.out.printf(
        "damage suite: %s%nwriter: %d acknowledged events of %d ids, %d snapshots, %d deletions,"
            + " %d segments, %d files, in %d s%n%d cases x %d recovery modes in %d s,"
            + " %d no-op faults redrawn%n%n%s%n",
        context,
        report.ackedEvents(),
        report.persistenceIds().size(),
        report.snapshots(),
        report.deletions(),
        pristine.segments(),
        files.size(),
        Duration.ofNanos(written - started).toSeconds(),
        caseNumbers.length,
        RecoveryMode.values().length,
        Duration.ofNanos(System.nanoTime() - written).toSeconds(),
        picker.redrawn(),
        tally.tables());
    silent.forEach(r -> System.out.println(summary(r)));
    assertTrue(
        silent.isEmpty(),
        () ->
            silent.size()
                + " of "
                + caseNumbers.length
                + " cases had a silent recovery ("
                + tally.silent()
                + " recoveries; "
                + context
                + "; all described in "
                + silentFile
                + "); re-run one with -Ddamage.seed="
                + seed
                + " -Ddamage.pristine=<that folder> -Ddamage.only=<case>. The first:\n"
                + silent.stream()
                    .limit(SILENT_SHOWN)
                    .map(LogDamageSuiteTest::details)
                    .collect(Collectors.joining("\n")));
  }

  private static void assertWriterCoveredTheLog(PristineLog pristine, String context)
      throws IOException {
    var report = pristine.report();
    for (var id : report.persistenceIds()) {
      assertTrue(
          report.of(id).highestAcked() > 0,
          () -> id + " acknowledged nothing: the writer never reached every id (" + context + ")");
    }
    assertTrue(
        report.ackedEvents() >= GOAL.minAcks() / 2,
        () -> "the writer acknowledged only " + report.ackedEvents() + " events (" + context + ")");
    assertTrue(
        pristine.segments() >= GOAL.minSegments(),
        () -> "the log has too few segments to test rotation (" + context + ")");
    assertTrue(
        report.snapshots() > 0 && report.deletions() > 0,
        () -> "the writer confirmed no snapshot or no deletion (" + context + ")");
  }

  private static int[] caseNumbers() {
    var only = System.getProperty("damage.only");
    if (only != null && !only.isBlank()) {
      return Arrays.stream(only.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    }
    return IntStream.range(0, Integer.getInteger("damage.cases", DEFAULT_CASES)).toArray();
  }

  /** One line: the case, its fault, the modes in which it was silent, where it was kept. */
  private static String summary(Result result) {
    var modes =
        result.verdicts().entrySet().stream()
            .filter(e -> e.getValue().outcome() == Outcome.SILENT)
            .map(e -> label(e.getKey()))
            .collect(Collectors.joining(", "));
    return "silent: case "
        + result.caseNo()
        + ", "
        + result.fault()
        + " -> "
        + modes
        + (result.kept() == null ? "" : "; kept in " + result.kept());
  }

  /** The summary, then every mode's outcome with, for a silent one, what was wrong per id. */
  private static String details(Result result) {
    var text = new StringBuilder(result.fault() == null ? "baseline (no fault)" : summary(result));
    result
        .verdicts()
        .forEach(
            (mode, verdict) -> {
              text.append("\n  ").append(label(mode)).append(": ").append(verdict.outcome());
              if (verdict.outcome() == Outcome.SILENT) {
                verdict.findings().forEach(f -> text.append("\n    ").append(f));
              }
            });
    return printable(text.toString());
  }

  /** Ids the journal read from damaged bytes can hold NULs and other control characters. */
  private static String printable(String text) {
    var out = new StringBuilder(text.length());
    text.chars()
        .forEach(
            c -> {
              if (c < 0x20 && c != '\n') {
                out.append(String.format(Locale.ROOT, "\\x%02x", c));
              } else {
                out.append((char) c);
              }
            });
    return out.toString();
  }

  private static String label(RecoveryMode mode) {
    return mode.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
