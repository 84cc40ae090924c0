package io.interstice.cli.bench;

import io.interstice.cli.ExitCodes;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code interstice bench}: runs the benchmark suite of the {@code bench} module. The suite depends
 * on every other module (the CLI included), so the CLI cannot link it; this command builds the
 * bench module with Maven when its jar is missing or older than the sources, then runs {@code
 * io.interstice.bench.Suite} in a child JVM on its class path, from the repository root, and exits
 * with its code.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Run every benchmark workload with its peers in the same run and write results.json,"
          + " summary.md and PNG charts to bench/results/YYYY-MM-DD/ (docs/performance.md).",
      "Workloads, each in a JVM of its own: journal (binary log vs Pekko's in-memory journal, a"
          + " one-force-per-event journal and pekko-persistence-jdbc on a temporary local"
          + " PostgreSQL; 1 and 100 actors, 1 and 10 events per write, replay), bank transfers"
          + " (Zipf and uniform, 100 and 1,000 callers, Java and WASM), recovery against history"
          + " length and under write load, fan-out, heap per row, HTTP and WebSocket calls, and (full run) the replay of"
          + " 10,000,000 events with -Xmx1g.",
      "Needs the PostgreSQL server binaries (apt-get install postgresql) and a source checkout"
          + " with Maven (the bench module is built the first time)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every workload ran",
      "1:a workload failed (the others still ran and were written)",
      "2:bad usage",
      "3:the bench module could not be built or started"
    })
public final class BenchCommand implements Callable<Integer> {
  private static final String SUITE = "io.interstice.bench.Suite";

  @Spec CommandSpec spec;

  @Option(
      names = "--quick",
      description =
          "Short windows and small sizes, sized for under 3 minutes (the full run: under 20).")
  boolean quick;

  @Option(names = "--tiny", hidden = true, description = "Seconds per workload (smoke test).")
  boolean tiny;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where the results go (default: bench/results/YYYY-MM-DD, UTC).")
  Path out;

  @Option(
      names = "--only",
      paramLabel = "NAME",
      split = ",",
      description =
          "Run only these workloads (a prefix matches several): journal, transfer-zipf,"
              + " transfer-uniform, recovery, recovery-load, fanout, memory, http, many-modules,"
              + " replay-10m.")
  List<String> only = List.of();

  @Option(
      names = "--replay-10m",
      paramLabel = "BOOL",
      arity = "1",
      description =
          "Replay of 10,000,000 events in a JVM with -Xmx1g (default: true in the full run,"
              + " false with --quick).")
  Boolean bigReplay;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Where the workloads write (default: bench/target/bench-data/suite). Must be on the disk"
              + " under test, not a tmpfs.")
  Path dataDir;

  @Override
  public Integer call() throws IOException, InterruptedException {
    var root = home();
    var target = root.resolve("bench").resolve("target");
    if (needsBuild(root, target)) {
      spec.commandLine().getErr().println("interstice bench: building the bench module...");
      spec.commandLine().getErr().flush();
      int built =
          run(List.of("mvn", "-B", "-q", "-DskipTests", "-pl", "bench", "-am", "package"), root);
      if (built != 0) {
        spec.commandLine()
            .getErr()
            .println("interstice bench: the build failed (exit " + built + ")");
        return ExitCodes.FAILED;
      }
    }
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(benchJar(target) + File.pathSeparator + target.resolve("lib").resolve("*"));
    command.add(SUITE);
    command.addAll(suiteArguments());
    int code = run(command, root);
    // The suite's codes: 0 all ran, 1 a workload failed, 2 bad usage; anything else (a crash,
    // a signal) is a failure to run it.
    return code == ExitCodes.OK || code == ExitCodes.FOUND_PROBLEMS || code == ExitCodes.USAGE
        ? code
        : ExitCodes.FAILED;
  }

  /** The suite's arguments for the options given here. */
  public List<String> suiteArguments() {
    var args = new ArrayList<String>();
    if (quick) {
      args.add("--quick");
    }
    if (tiny) {
      args.add("--tiny");
    }
    if (out != null) {
      args.add("--out=" + out.toAbsolutePath());
    }
    if (!only.isEmpty()) {
      args.add("--only=" + String.join(",", only));
    }
    if (bigReplay != null) {
      args.add("--replay-10m=" + bigReplay);
    }
    if (dataDir != null) {
      args.add("--data-dir=" + dataDir.toAbsolutePath());
    }
    return args;
  }

  /**
   * The source checkout: {@code interstice.home} (set by {@code bin/interstice}), else the working
   * directory or the nearest parent holding {@code bench/pom.xml}.
   */
  static Path home() {
    var configured = System.getProperty("interstice.home");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath();
    }
    var cwd = Path.of("").toAbsolutePath();
    for (var dir = cwd; dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve("bench").resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "interstice bench needs the source checkout: run it from the repository (no bench/pom.xml"
            + " in "
            + cwd
            + " or its parents)");
  }

  private static boolean needsBuild(Path root, Path target) throws IOException {
    var jar = benchJarOrNull(target);
    if (jar == null || !Files.isDirectory(target.resolve("lib"))) {
      return true;
    }
    long built = Files.getLastModifiedTime(jar).toMillis();
    for (var module : List.of("bench", "actors", "journal-plugin", "client", "cli", "modules")) {
      try (Stream<Path> files = Files.walk(root.resolve(module))) {
        boolean newer =
            files
                .filter(p -> !p.toString().contains(File.separator + "target" + File.separator))
                .filter(Files::isRegularFile)
                .anyMatch(p -> p.toFile().lastModified() > built);
        if (newer) {
          return true;
        }
      }
    }
    return false;
  }

  private static Path benchJar(Path target) throws IOException {
    var jar = benchJarOrNull(target);
    if (jar == null) {
      throw new IllegalStateException("no interstice-bench jar in " + target + " after the build");
    }
    return jar;
  }

  private static Path benchJarOrNull(Path target) throws IOException {
    if (!Files.isDirectory(target)) {
      return null;
    }
    try (Stream<Path> files = Files.list(target)) {
      return files
          .filter(
              p -> p.getFileName().toString().matches("interstice-bench-[^-]+(-SNAPSHOT)?\\.jar"))
          .findFirst()
          .orElse(null);
    }
  }

  private static int run(List<String> command, Path dir) throws IOException, InterruptedException {
    var process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    // Ctrl-C stops the child too; its own hooks stop what it started (PostgreSQL, nodes).
    var stop = new Thread(process::destroy, "bench-stop");
    Runtime.getRuntime().addShutdownHook(stop);
    try {
      return process.waitFor();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(stop);
      } catch (IllegalStateException e) {
        // Shutting down: the hook is running.
      }
    }
  }
}
