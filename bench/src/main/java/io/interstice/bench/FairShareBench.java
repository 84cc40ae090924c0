package io.interstice.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.interstice.examples.bank.Bank;
import io.interstice.runtime.node.IntersticeNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Fair share between modules: the latency of a healthy module's calls (the bank example's {@code
 * transfer}, sent every {@code --interval-ms} whether or not the earlier ones are answered, durable
 * on the real disk) alone on a node, and on a node where {@code --hostile} WebAssembly modules each
 * have {@code --loops} calls that loop until they are stopped (the {@code spin} reducer of the
 * hostile test guest). The peer is the same node without the hostile modules, in the same run.
 * Target: the healthy p99 beside 10 modules with 50 looping calls under 100 ms. Writes {@code
 * fair-share.json} and {@code fair-share.md} to {@code bench/results/}.
 *
 * <p>Run from the repository root (the hostile guest is read from {@code
 * actors/src/test/wasm/hostile.wasm}):
 *
 * <pre>
 * java -cp "bench/target/interstice-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     io.interstice.bench.FairShareBench [--hostile=10] [--loops=5] [--calls=300] [--interval-ms=10] \
 *     [--trace-slower-than-ms=N] [--data-dir=bench-data/fair-share] [--out=bench/results]
 * </pre>
 *
 * Node settings can be tried with system properties, e.g. {@code
 * -Dinterstice.wasm.long-call-after=50ms}.
 */
public final class FairShareBench {
  private static final Path HOSTILE = Path.of("actors", "src", "test", "wasm", "hostile.wasm");

  /** Healthy calls slower than this are printed as they happen (0: none). */
  private static int traceMillis;

  private FairShareBench() {}

  /** Latencies of one phase in microseconds. */
  record Phase(String name, long p50, long p99, long max, int calls) {
    static Phase of(String name, long[] micros) {
      var sorted = micros.clone();
      Arrays.sort(sorted);
      return new Phase(
          name,
          sorted[sorted.length / 2],
          sorted[Math.min(sorted.length - 1, sorted.length * 99 / 100)],
          sorted[sorted.length - 1],
          sorted.length);
    }
  }

  public static void main(String[] args) throws Exception {
    int hostile = 10;
    int loops = 5;
    int calls = 300;
    int interval = 10;
    int trace = 0;
    var dataDir = Path.of("bench-data", "fair-share");
    var out = Path.of("bench", "results");
    for (var option : Options.parse(args)) {
      switch (option.name()) {
        case "hostile":
          hostile = Integer.parseInt(option.value());
          break;
        case "loops":
          loops = Integer.parseInt(option.value());
          break;
        case "calls":
          calls = Integer.parseInt(option.value());
          break;
        case "interval-ms":
          interval = Integer.parseInt(option.value());
          break;
        case "trace-slower-than-ms":
          trace = Integer.parseInt(option.value());
          break;
        case "data-dir":
          dataDir = Path.of(option.value());
          break;
        case "out":
          out = Path.of(option.value());
          break;
        default:
          throw Options.unknown(option);
      }
    }
    var machine = Machine.describe(Files.createDirectories(dataDir));
    System.out.printf(
        Locale.ROOT,
        "FairShareBench: %d cpu(s) %s, data on %s; %d hostile modules x %d looping calls,"
            + " %d healthy transfers %d ms apart%n",
        machine.cpus(),
        machine.cpuModel(),
        machine.disk(),
        hostile,
        loops,
        calls,
        interval);
    var hostileWasm = Files.readAllBytes(HOSTILE);
    var alone = phase("alone", dataDir.resolve("alone"), 0, 0, calls, interval, hostileWasm);
    var beside =
        phase(
            "beside hostile",
            dataDir.resolve("hostile"),
            hostile,
            loops,
            calls,
            interval,
            hostileWasm);
    var report = new LinkedHashMap<String, Object>();
    report.put("date", OffsetDateTime.now().toString());
    report.put("cpus", machine.cpus());
    report.put("cpu", machine.cpuModel());
    report.put("disk", machine.disk());
    report.put("hostileModules", hostile);
    report.put("loopingCalls", hostile * loops);
    report.put("phases", java.util.List.of(alone, beside));
    report.put("p99Ratio", (double) beside.p99() / alone.p99());
    report.put("targetMet", beside.p99() < 100_000);
    Files.createDirectories(out);
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.resolve("fair-share.json").toFile(), report);
    var table = new StringBuilder();
    table.append("| healthy bank transfers | p50 ms | p99 ms | max ms |\n|---|---|---|---|\n");
    for (var phase : java.util.List.of(alone, beside)) {
      table.append(
          String.format(
              Locale.ROOT,
              "| %s | %.1f | %.1f | %.1f |%n",
              phase.name(),
              phase.p50() / 1000.0,
              phase.p99() / 1000.0,
              phase.max() / 1000.0));
    }
    table.append(
        String.format(
            Locale.ROOT,
            "%nbeside %d modules with %d looping calls: p99 %.1f x alone; target p99 < 100 ms %s%n",
            hostile,
            hostile * loops,
            (double) beside.p99() / alone.p99(),
            beside.p99() < 100_000 ? "met" : "NOT met"));
    Files.writeString(out.resolve("fair-share.md"), table, StandardCharsets.UTF_8);
    System.out.print(table);
  }

  private static Phase phase(
      String name, Path dir, int hostile, int loops, int calls, int interval, byte[] hostileWasm)
      throws Exception {
    JournalBench.wipe(dir);
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Bank.class);
      node.call("bank", "open", "alice", Long.MAX_VALUE / 2);
      node.call("bank", "open", "bob", 0L);
      for (int i = 0; i < 200; i++) { // JIT warm-up of the healthy path, not measured
        node.call("bank", "transfer", 1L, 2L, 1L);
      }
      for (int m = 0; m < hostile; m++) {
        node.deployWasm(renamed(hostileWasm, m));
      }
      var looping = new ArrayList<CompletableFuture<?>>();
      for (int call = 0; call < loops; call++) {
        for (int m = 0; m < hostile; m++) {
          looping.add(node.callAsync("hostil" + m, "spin").toCompletableFuture());
        }
      }
      // Open loop: call i is sent at i x interval whether or not the earlier ones are answered,
      // so a stall shows in every call it holds up, not only in the one that met it.
      long[] micros = new long[calls];
      var answered = new ArrayList<CompletableFuture<?>>();
      long begin = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        long due = begin + i * interval * 1_000_000L;
        long now = System.nanoTime();
        if (due > now) {
          Thread.sleep((due - now) / 1_000_000, (int) ((due - now) % 1_000_000));
        }
        int n = i;
        long sent = System.nanoTime();
        answered.add(
            node.callAsync("bank", "transfer", 1L, 2L, 1L)
                .toCompletableFuture()
                .whenComplete(
                    (receipt, error) -> {
                      micros[n] = (System.nanoTime() - sent) / 1_000;
                      if (traceMillis > 0 && micros[n] > traceMillis * 1_000L) {
                        System.out.printf(
                            Locale.ROOT, "  %s: call %d took %d ms%n", name, n, micros[n] / 1000);
                      }
                    }));
      }
      for (var call : answered) {
        call.get(5, TimeUnit.MINUTES);
      }
      for (var call : looping) {
        call.handle((ok, error) -> null).get(5, TimeUnit.MINUTES);
      }
      return Phase.of(name, micros);
    } finally {
      JournalBench.wipe(dir);
    }
  }

  /** The hostile guest under the name {@code hostil<n>} (its name is in its data once). */
  private static byte[] renamed(byte[] wasm, int n) {
    var from = "hostile".getBytes(StandardCharsets.US_ASCII);
    var to = ("hostil" + n).getBytes(StandardCharsets.US_ASCII);
    var copy = wasm.clone();
    for (int i = 0; i + from.length <= copy.length; i++) {
      if (Arrays.equals(copy, i, i + from.length, from, 0, from.length)) {
        System.arraycopy(to, 0, copy, i, to.length);
        return copy;
      }
    }
    throw new IllegalArgumentException("the hostile guest does not name itself \"hostile\"");
  }
}
