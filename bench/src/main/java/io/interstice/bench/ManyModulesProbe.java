package io.interstice.bench;

import io.interstice.runtime.ModuleInfo;
import io.interstice.runtime.node.IntersticeNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/**
 * Started by {@link ReplayBench} as a fresh JVM, twice: {@code write} deploys many small modules
 * (the {@code hello-wasm} example, each under a name of its own, on Chicory's interpreter) and
 * commits a few transactions in each; {@code recover}, in a new JVM as after a node restart, sends
 * every module its first request at once and prints one line with how long until all of them had
 * recovered.
 *
 * <p>Arguments: {@code write|recover}, data directory, modules, transactions per module.
 */
final class ManyModulesProbe {
  /** Prefix of the line the parent process parses. */
  static final String RESULT = "many-modules-result";

  /** The example every module is a copy of, relative to the repository root. */
  static final Path HELLO = Path.of("modules", "examples", "hello-wasm", "hello.wasm");

  // The interpreter on a busy machine: a first call may take longer than the default 100 ms.
  private static final String CONFIG =
      "interstice.wasm.engine = interpreter\ninterstice.wasm.long-call-after = 10s\n"
          + "interstice.wasm.max-call-time = 30s\n";
  private static final int IN_FLIGHT = 256;

  /** Deploys in flight: the node queues at most 64 deploys to load and refuses more. */
  private static final int DEPLOYS_IN_FLIGHT = 32;

  private ManyModulesProbe() {}

  public static void main(String[] args) throws Exception {
    var dataDir = Path.of(args[1]);
    int modules = Integer.parseInt(args[2]);
    int calls = Integer.parseInt(args[3]);
    try (var node = TransferBench.startNode(dataDir, CONFIG, "many-modules")) {
      if (args[0].equals("write")) {
        write(node, modules, calls);
      } else {
        recover(node, modules);
      }
    }
  }

  private static void write(IntersticeNode node, int modules, int calls) throws Exception {
    var hello = Files.readAllBytes(HELLO);
    forEach(modules, DEPLOYS_IN_FLIGHT, m -> node.deployWasmAsync(renamed(hello, name(m))));
    forEach(
        modules * calls,
        IN_FLIGHT,
        i -> node.callAsync(name(i % modules), name(i % modules), "x" + i));
  }

  private static void recover(IntersticeNode node, int modules) throws Exception {
    long start = System.nanoTime();
    var infos = new ModuleInfo[modules];
    forEach(
        modules, IN_FLIGHT, m -> node.describeAsync(name(m)).thenApply(info -> infos[m] = info));
    long millis = (System.nanoTime() - start) / 1_000_000;
    long events = 0;
    var each = new long[modules];
    for (int m = 0; m < modules; m++) {
      events += infos[m].recovery().replayedEvents();
      each[m] = infos[m].recovery().millis();
    }
    Arrays.sort(each);
    System.out.printf(
        Locale.ROOT,
        "%s %d %d %d %d %d%n",
        RESULT,
        modules,
        events,
        millis,
        each[modules / 2],
        each[modules - 1]);
  }

  /** Runs {@code call(0..count-1)} with at most {@code inFlight} in flight; fails on a failure. */
  private static void forEach(int count, int inFlight, IntFunction<CompletionStage<?>> call)
      throws InterruptedException {
    var permits = new Semaphore(inFlight);
    var all = new ArrayList<CompletableFuture<?>>();
    for (int i = 0; i < count; i++) {
      permits.acquire();
      all.add(call.apply(i).toCompletableFuture().whenComplete((ok, error) -> permits.release()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
  }

  /** Module {@code m}'s name: "h" and four base-36 digits, as long as "hello". */
  static String name(int m) {
    var digits = Integer.toString(m, 36);
    return "h" + "0".repeat(4 - digits.length()) + digits;
  }

  /** The example with every "hello" (its module name and its reducer's) replaced by {@code to}. */
  static byte[] renamed(byte[] wasm, String to) {
    var from = "hello".getBytes(StandardCharsets.US_ASCII);
    var replacement = to.getBytes(StandardCharsets.US_ASCII);
    var copy = wasm.clone();
    for (int i = 0; i + from.length <= copy.length; i++) {
      if (Arrays.equals(copy, i, i + from.length, from, 0, from.length)) {
        System.arraycopy(replacement, 0, copy, i, replacement.length);
      }
    }
    return copy;
  }

  /** Fails early, with the path, when the example is not where it is expected. */
  static void requireExample() throws IOException {
    if (!Files.isRegularFile(HELLO)) {
      throw new IOException(
          "cannot read " + HELLO.toAbsolutePath() + " (run from the repository root)");
    }
  }
}
