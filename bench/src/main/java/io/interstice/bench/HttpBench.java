package io.interstice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.runtime.http.HttpApi;
import io.interstice.runtime.http.HttpSettings;
import io.interstice.runtime.node.IntersticeNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Durable bank transfers (the load of {@link TransferBench}: Java bank, Zipf accounts, binary log
 * with {@code fsync = always}, snapshots off) sent to one node three ways in one run: by
 * closed-loop callers in the node's own JVM ({@code IntersticeNode.callAsync}), then from a
 * separate load process ({@link HttpLoad}, started here with the same class path) as HTTP/1.1
 * requests over keep-alive connections, and over the WebSocket call channel {@code /v1/calls}.
 * Prints a markdown table and writes {@code http-bench.json} and {@code http-bench.md} to the
 * output directory.
 *
 * <p>Run from the repository root (see bench/README.md):
 *
 * <pre>
 * java -Xmx4g -cp "bench/target/interstice-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     io.interstice.bench.HttpBench [--quick] [--measure-seconds=10] ...
 * </pre>
 */
public final class HttpBench {
  private static final String REPORT = "http-bench";
  private static final int OPEN_IN_FLIGHT = 2000;

  private HttpBench() {}

  public static void main(String[] args) throws Exception {
    var settings = HttpBenchSettings.parse(args);
    var transfer = settings.transfer();
    JournalBench.wipe(transfer.dataDir());
    Files.createDirectories(transfer.dataDir());
    var machine = Machine.describe(transfer.dataDir());
    System.out.printf(
        Locale.ROOT,
        "HttpBench: %d cpu(s) %s, data in %s on %s; %,d accounts, Zipf exponent %.2f;"
            + " %.0fs warm-up + %.0fs measured per row; load average %s%n",
        machine.cpus(),
        machine.cpuModel(),
        transfer.dataDir(),
        machine.disk(),
        transfer.accounts(),
        transfer.zipfExponent(),
        transfer.warmup().toMillis() / 1000.0,
        transfer.measure().toMillis() / 1000.0,
        loadAverages());
    machine.warnIfNotDurable("always");
    var loadBefore = loadAverages();
    var results = new ArrayList<HttpBenchResult>();
    var config = TransferJournal.DURABLE.config("always", 0) + "interstice.http.port = 0\n";
    try (var node = TransferBench.startNode(transfer.dataDir(), config, "http-bench")) {
      TransferModule.JAVA.deploy(node);
      TransferLoad.openAccounts(node, transfer, OPEN_IN_FLIGHT);
      results.add(inProcess(node, settings));
      try (var api =
          HttpApi.start(node, HttpSettings.fromConfig(node.system().settings().config()))) {
        System.out.println("  serving " + api.url() + "; load process started");
        results.addAll(loadProcess(api.url(), settings));
      }
    }
    var report =
        new HttpBenchReport(
            OffsetDateTime.now(), machine, loadBefore, loadAverages(), settings, results);
    Files.createDirectories(transfer.outDir());
    Files.writeString(transfer.outDir().resolve(REPORT + ".json"), report.json());
    Files.writeString(transfer.outDir().resolve(REPORT + ".md"), report.markdown());
    System.out.println();
    System.out.print(report.markdown());
    System.out.println();
    System.out.println("written to " + transfer.outDir().resolve(REPORT + ".{json,md}"));
    JournalBench.wipe(transfer.dataDir());
  }

  private static HttpBenchResult inProcess(IntersticeNode node, HttpBenchSettings settings)
      throws InterruptedException {
    var transfer = settings.transfer();
    var zipf = new ZipfSampler(transfer.accounts(), transfer.zipfExponent());
    var callbacks = ClosedLoop.callbackThreads(transfer.callerThreads());
    try {
      var counted =
          TransferLoad.timed(
              node,
              transfer,
              zipf,
              settings.callers(),
              callbacks,
              transfer.warmup(),
              transfer.measure());
      return printed(
          HttpBenchResult.of(HttpBenchResult.IN_PROCESS, 0, settings.callers(), counted));
    } finally {
      if (callbacks != null) {
        callbacks.shutdown();
      }
    }
  }

  /**
   * Runs {@link HttpLoad} in a new JVM with this one's class path; its rows, as it printed them.
   */
  private static List<HttpBenchResult> loadProcess(String url, HttpBenchSettings settings)
      throws IOException, InterruptedException {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command = new ArrayList<String>();
    command.addAll(
        List.of(
            java,
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            HttpLoad.class.getName(),
            url));
    command.addAll(settings.loadArgs());
    var process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    var rows = new ArrayList<HttpBenchResult>();
    var mapper = new ObjectMapper();
    try (var out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(HttpLoad.RESULT + " ")) {
          rows.add(
              printed(
                  HttpBenchResult.of(
                      mapper.readTree(line.substring(HttpLoad.RESULT.length() + 1)))));
        } else {
          System.out.println("    " + line);
        }
      }
    }
    if (!process.waitFor(2, TimeUnit.MINUTES)
        || process.exitValue() != 0
        || rows.size() != settings.rows().size()) {
      process.destroyForcibly();
      throw new IllegalStateException("the load process failed; see the output above");
    }
    return rows;
  }

  private static HttpBenchResult printed(HttpBenchResult r) {
    System.out.printf(
        Locale.ROOT,
        "  %-10s %3d conn %5d in flight: %,9.0f committed/s %,8.0f refused/s  p50 %,8.0f us"
            + "  p99 %,8.0f us  load %.1f%n",
        r.row(),
        r.connections(),
        r.inFlight(),
        r.committedPerSecond(),
        r.refusedPerSecond(),
        r.p50Micros(),
        r.p99Micros(),
        r.loadAverage());
    return r;
  }

  /** The 1, 5 and 15 minute load averages as /proc/loadavg states them, or "unknown". */
  static String loadAverages() {
    try {
      var fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
