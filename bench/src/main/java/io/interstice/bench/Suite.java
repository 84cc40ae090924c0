package io.interstice.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark suite ({@code interstice bench}): runs every workload, each in a JVM of its own
 * started with this JVM's class path, one after the other (never two at once: they would measure
 * each other), with the peers each workload starts itself; then prints a table with the targets and
 * writes {@code results.json}, {@code summary.md} and PNG charts to the results directory, each
 * workload's own report under {@code raw/<workload>/}. A workload that fails is reported and the
 * others still run; the exit code is then 1.
 *
 * <p>Run from the repository root (the WebAssembly bank is read from {@code modules/examples}):
 *
 * <pre>
 * java -cp "bench/target/interstice-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     io.interstice.bench.Suite [--quick] [--out=DIR] [--only=journal,...]
 * </pre>
 */
public final class Suite {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Suite() {}

  public static void main(String[] args) throws Exception {
    SuiteSettings settings;
    try {
      settings = SuiteSettings.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("interstice bench: " + e.getMessage());
      System.err.print(SuiteSettings.USAGE);
      System.exit(2);
      return;
    }
    if (settings.help()) {
      System.out.print(SuiteSettings.USAGE);
      return;
    }
    System.exit(run(settings) ? 0 : 1);
  }

  /** Runs the suite; true when every workload ran. */
  static boolean run(SuiteSettings settings) throws IOException, InterruptedException {
    var steps = settings.steps();
    Files.createDirectories(settings.outDir());
    Files.createDirectories(settings.dataDir());
    var before = SuiteMachine.describe(settings.dataDir());
    System.out.printf(
        Locale.ROOT,
        "interstice bench (%s): %d workload(s), results to %s%n  %s%n",
        settings.profile().label(),
        steps.size(),
        settings.outDir(),
        before.summary());
    before.warnIfNotDurable();
    var started = OffsetDateTime.now();
    var outcomes = new ArrayList<StepOutcome>();
    for (int i = 0; i < steps.size(); i++) {
      var step = steps.get(i);
      System.out.printf(
          Locale.ROOT, "%n[%d/%d] %s: %s%n", i + 1, steps.size(), step.name(), step.title());
      var outcome = runStep(step, settings);
      System.out.printf(
          Locale.ROOT,
          "[%d/%d] %s %s in %.0f s%s%n",
          i + 1,
          steps.size(),
          step.name(),
          outcome.ok() ? "done" : "FAILED",
          outcome.seconds(),
          outcome.ok() ? "" : ": " + outcome.error());
      outcomes.add(outcome);
    }
    var after = SuiteMachine.describe(settings.dataDir());
    var report = new SuiteReport(settings.profile(), started, before, after, outcomes);
    var charts = SuiteCharts.write(settings.outDir(), report);
    Files.writeString(settings.outDir().resolve("results.json"), report.json(charts));
    Files.writeString(settings.outDir().resolve("summary.md"), report.markdown(charts));
    System.out.println();
    System.out.print(report.table());
    System.out.println();
    System.out.println("written to " + settings.outDir() + " (results.json, summary.md, charts)");
    return outcomes.stream().allMatch(StepOutcome::ok);
  }

  private static StepOutcome runStep(SuiteStep step, SuiteSettings settings)
      throws IOException, InterruptedException {
    var out = settings.outDir().resolve("raw").resolve(step.name());
    var data = settings.dataDir().resolve(step.name());
    JournalBench.wipe(out);
    Files.createDirectories(out);
    var command = command(step, out, data);
    long start = System.nanoTime();
    var process =
        new ProcessBuilder(command)
            .directory(SuiteSettings.repositoryRoot().toFile())
            .redirectErrorStream(true)
            .start();
    // Ctrl-C on the suite stops the workload too (its own hooks then stop what it started).
    var killer = new Thread(() -> destroy(process), "suite-step-stop");
    Runtime.getRuntime().addShutdownHook(killer);
    // A workload that hangs must not hang the suite: past its time it is stopped and failed.
    var watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              var t = new Thread(r, "suite-step-watchdog");
              t.setDaemon(true);
              return t;
            });
    var limit = settings.profile().stepTimeout();
    watchdog.schedule(() -> destroy(process), limit.toSeconds(), TimeUnit.SECONDS);
    var lastLine = "";
    try (var log = new PrintWriter(Files.newBufferedWriter(out.resolve("output.log")));
        var reader =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (var line = reader.readLine(); line != null; line = reader.readLine()) {
        log.println(line);
        System.out.println("    " + line);
        if (!line.isBlank()) {
          lastLine = line;
        }
      }
    }
    boolean exited = process.waitFor(1, TimeUnit.MINUTES);
    watchdog.shutdownNow();
    Runtime.getRuntime().removeShutdownHook(killer);
    double seconds = (System.nanoTime() - start) / 1e9;
    if (!exited) {
      destroy(process);
      return new StepOutcome(step, seconds, null, "", "did not exit after closing its output");
    }
    if (seconds >= limit.toSeconds()) {
      return new StepOutcome(
          step, seconds, null, "", "stopped after " + limit.toMinutes() + " min");
    }
    JournalBench.wipe(data);
    if (process.exitValue() != 0) {
      return new StepOutcome(
          step,
          seconds,
          null,
          "",
          "exit code " + process.exitValue() + ", see " + out.resolve("output.log"));
    }
    return readReport(step, out, lastLine, seconds);
  }

  private static StepOutcome readReport(SuiteStep step, Path out, String lastLine, double seconds) {
    try {
      JsonNode report;
      String markdown = "";
      if (step.writesFiles()) {
        report = MAPPER.readTree(out.resolve(step.report() + ".json").toFile());
        var md = out.resolve(step.report() + ".md");
        markdown = Files.exists(md) ? Files.readString(md) : "";
      } else {
        report = MAPPER.readTree(lastLine);
        Files.writeString(out.resolve(step.name() + ".json"), lastLine + "\n");
      }
      return new StepOutcome(step, seconds, report, markdown, null);
    } catch (IOException | RuntimeException e) {
      return new StepOutcome(step, seconds, null, "", "no readable report: " + e.getMessage());
    }
  }

  private static List<String> command(SuiteStep step, Path out, Path data) {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(step.jvmOptions());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(step.mainClass().getName());
    command.addAll(step.args());
    if (step.writesFiles()) {
      command.add("--out=" + out);
      command.add("--data-dir=" + data);
    }
    return command;
  }

  private static void destroy(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
  }
}
