package io.interstice.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line settings of {@link ClusterBench}, each {@code --name=value}, plus the flag {@code
 * --quick} (2 trials, 3 s warm-up and 5 s measured per call row; options given with it win).
 *
 * @param trials failovers to measure, each a {@code kill -9} of the node running the module and its
 *     restart; 0 skips the failover part ({@code --trials}, default 5)
 * @param warmup unmeasured calls at the start of every call row ({@code --warmup-seconds}, default
 *     60: three fresh JVMs on two processors are still compiling after half a minute)
 * @param measure measured time of every call row ({@code --measure-seconds}, default 20)
 * @param nodes cluster sizes of the call rows, one row each ({@code --nodes}, default {@code 1,3};
 *     empty skips the call rows)
 * @param routings where the calls of a call row go, one row each ({@code --routing}, default {@code
 *     spread,direct}): {@code spread}, to every node alike, so that most calls are routed to their
 *     bank's node through the cluster; {@code direct}, to the node running the call's bank (with
 *     one node the two are the same, and only the first runs)
 * @param modules bank modules the calls are spread over, {@code bank00} on ({@code --modules},
 *     default 6, at most 16)
 * @param callers closed-loop callers, over all connections ({@code --callers}, default 1000)
 * @param connections WebSocket connections to {@code /v1/calls}, one {@code IntersticeClient} each,
 *     spread over the nodes in turn ({@code --connections}, default 6)
 * @param accounts accounts opened in every bank before the calls ({@code --accounts}, default 1000)
 * @param seed seed of the callers' random generators ({@code --seed}, default 42)
 * @param dataDir where the nodes write, a directory per part below it, each wiped at its start
 *     ({@code --data-dir}, default /tmp/interstice-cluster-bench)
 * @param outDir where the report goes ({@code --out}, default bench/results)
 */
record ClusterBenchSettings(
    int trials,
    Duration warmup,
    Duration measure,
    List<Integer> nodes,
    List<ClusterCalls.Routing> routings,
    int modules,
    int callers,
    int connections,
    int accounts,
    long seed,
    Path dataDir,
    Path outDir) {

  /** Initial balance of every account; transfers move 1..{@link #MAX_AMOUNT}. */
  static final long INITIAL_BALANCE = 1000;

  static final long MAX_AMOUNT = 100;

  static ClusterBenchSettings parse(String[] args) {
    int trials = 5;
    Duration warmup = Duration.ofSeconds(60);
    Duration measure = Duration.ofSeconds(20);
    List<Integer> nodes = List.of(1, 3);
    List<ClusterCalls.Routing> routings = List.of(ClusterCalls.Routing.values());
    int modules = 6;
    int callers = 1000;
    int connections = 6;
    int accounts = 1000;
    long seed = 42;
    Path dataDir = Path.of("/tmp", "interstice-cluster-bench");
    Path out = Path.of("bench", "results");
    var given = new ArrayList<String>();
    for (var arg : args) {
      if (arg.equals("--quick")) {
        trials = 2;
        warmup = Duration.ofSeconds(3);
        measure = Duration.ofSeconds(5);
      } else {
        given.add(arg);
      }
    }
    for (var option : Options.parse(given.toArray(String[]::new))) {
      var value = option.value();
      switch (option.name()) {
        case "trials" -> trials = Integer.parseInt(value);
        case "warmup-seconds" -> warmup = Options.seconds(value);
        case "measure-seconds" -> measure = Options.seconds(value);
        case "nodes" -> nodes = value.isBlank() ? List.of() : Options.ints(value);
        case "routing" -> routings = Options.list(value, ClusterCalls.Routing::byLabel);
        case "modules" -> modules = Integer.parseInt(value);
        case "callers" -> callers = Integer.parseInt(value);
        case "connections" -> connections = Integer.parseInt(value);
        case "accounts" -> accounts = Integer.parseInt(value);
        case "seed" -> seed = Long.parseLong(value);
        case "data-dir" -> dataDir = Path.of(value);
        case "out" -> out = Path.of(value);
        default -> throw Options.unknown(option);
      }
    }
    if (trials < 0 || modules < 1 || modules > ClusterBanks.MODULES.size()) {
      throw new IllegalArgumentException(
          "need --trials >= 0 and --modules from 1 to " + ClusterBanks.MODULES.size());
    }
    if (connections < 1 || callers < connections || accounts < 2) {
      throw new IllegalArgumentException(
          "need --connections >= 1, --callers >= --connections and --accounts >= 2");
    }
    int maxNodes = connections;
    if (nodes.stream().anyMatch(n -> n < 1 || n > maxNodes || n > 16)) {
      throw new IllegalArgumentException(
          "--nodes lists cluster sizes from 1 to 16 and at most --connections (every node gets a"
              + " connection), not "
              + nodes);
    }
    return new ClusterBenchSettings(
        trials,
        warmup,
        measure,
        nodes,
        routings,
        modules,
        callers,
        connections,
        accounts,
        seed,
        dataDir.toAbsolutePath(),
        out.toAbsolutePath());
  }
}
