package io.interstice.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line settings of {@link Suite}.
 *
 * @param profile sizes of every workload: {@code full} (default), {@code --quick}, or {@code
 *     --tiny} (the smoke test's)
 * @param outDir where results.json, summary.md, the charts and each workload's raw report go
 *     ({@code --out}, default bench/results/YYYY-MM-DD of the repository, today in UTC)
 * @param dataDir where the workloads write their logs and the PostgreSQL cluster; wiped per
 *     workload ({@code --data-dir}, default bench/target/bench-data/suite). Not a tmpfs
 * @param only names of the workloads to run, a prefix matching several ({@code --only=journal,
 *     recovery}); empty runs them all
 * @param bigReplay whether the 10,000,000-event replay with {@code -Xmx1g} runs ({@code
 *     --replay-10m=true|false}; default true in the full profile only)
 * @param help {@code --help}: print the usage and stop
 */
record SuiteSettings(
    SuiteProfile profile,
    Path outDir,
    Path dataDir,
    List<String> only,
    boolean bigReplay,
    boolean help) {

  static final String USAGE =
      """
      Usage: interstice bench [--quick] [--out=DIR] [--only=NAME,...] [--replay-10m=true|false]
                              [--data-dir=DIR]
      Runs every benchmark workload, each in a JVM of its own, with its peers started in the same
      run (Pekko's in-memory journal, a one-force-per-event journal, pekko-persistence-jdbc on a
      temporary local PostgreSQL), prints a table and writes results.json, summary.md and PNG
      charts to bench/results/YYYY-MM-DD/.
        --quick            short windows and small sizes, sized for under 3 minutes (full: 20)
        --out=DIR          where the results go (default bench/results/YYYY-MM-DD, UTC)
        --only=NAME,...    run only these workloads (a prefix matches several): journal,
                           transfer-zipf, transfer-uniform, recovery, recovery-load, fanout,
                           memory, http, many-modules,
                           replay-10m
        --replay-10m=BOOL  the 10,000,000-event replay in a JVM with -Xmx1g (default: full only)
        --data-dir=DIR     where the workloads write (default bench/target/bench-data/suite);
                           must be on the disk under test, not a tmpfs
        --tiny             seconds per workload, for the smoke test; figures mean nothing
        --help             this text
      Needs the PostgreSQL server binaries (Debian: apt-get install postgresql); run from the
      repository root. Exit code 0 when every workload ran, 1 when one failed.
      """;

  static SuiteSettings parse(String[] args) {
    var profile = SuiteProfile.FULL;
    var root = repositoryRoot();
    Path out = null;
    Path dataDir = root.resolve(Path.of("bench", "target", "bench-data", "suite"));
    List<String> only = List.of();
    Boolean bigReplay = null;
    boolean help = false;
    var rest = new ArrayList<String>();
    for (var arg : args) {
      switch (arg) {
        case "--quick" -> profile = SuiteProfile.QUICK;
        case "--tiny" -> profile = SuiteProfile.TINY;
        case "--help", "-h" -> help = true;
        default -> rest.add(arg);
      }
    }
    for (var option : Options.parse(rest.toArray(String[]::new))) {
      var value = option.value();
      switch (option.name()) {
        case "out" -> out = Path.of(value);
        case "data-dir" -> dataDir = Path.of(value);
        case "only" -> only = Options.list(value, String::valueOf);
        case "replay-10m" -> bigReplay = parseBoolean(value);
        default -> throw Options.unknown(option);
      }
    }
    if (out == null) {
      out = root.resolve(Path.of("bench", "results", LocalDate.now(ZoneOffset.UTC).toString()));
    }
    return new SuiteSettings(
        profile,
        out.toAbsolutePath(),
        dataDir.toAbsolutePath(),
        only,
        bigReplay == null ? profile == SuiteProfile.FULL : bigReplay,
        help);
  }

  /**
   * The workloads to run: the profile's, narrowed by {@code --only}; those the profile runs only
   * when named run only when {@code --only} names them.
   */
  List<SuiteStep> steps() {
    var steps = new ArrayList<SuiteStep>();
    for (var step : profile.steps(bigReplay || only.contains("replay-10m"))) {
      if (only.isEmpty()
          ? !profile.onlyWhenNamed(step)
          : only.stream().anyMatch(step.name()::startsWith)) {
        steps.add(step);
      }
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("--only=" + String.join(",", only) + " matches nothing");
    }
    return List.copyOf(steps);
  }

  /**
   * The repository the suite runs in: the working directory or the nearest parent holding {@code
   * modules/examples} (the workloads read the WebAssembly bank from there); the working directory
   * when none does.
   */
  static Path repositoryRoot() {
    var cwd = Path.of("").toAbsolutePath();
    for (var dir = cwd; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("modules").resolve("examples"))) {
        return dir;
      }
    }
    return cwd;
  }

  private static boolean parseBoolean(String value) {
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException("expected true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }
}
