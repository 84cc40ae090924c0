package io.interstice.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Command-line settings of {@link FanoutBench}, each {@code --name=value}.
 *
 * @param jvmWarmup unreported row with 4 subscribers before the first row, so that no row is
 *     measured before the JIT compiled the shared paths ({@code --jvm-warmup-seconds}, default 5; 0
 *     skips it)
 * @param warmup unmeasured posting at the start of every row ({@code --warmup-seconds}, default 5)
 * @param measure measured time of every row ({@code --measure-seconds}, default 10)
 * @param subscriberCounts subscriber modules, one row per count, each 0 to 16; 0 measures the feed
 *     alone ({@code --subscribers}, default 1,4,16)
 * @param callers concurrent closed-loop callers posting ({@code --callers}, default 1000)
 * @param callerThreads threads that run the callers' completions; 0 runs them on the node's thread
 *     that completes the call ({@code --caller-threads}, default 2)
 * @param drainTimeout how long to wait after the callers stopped for every post to reach every
 *     subscriber ({@code --drain-timeout-seconds}, default 120)
 * @param seed seed of the callers' random generators ({@code --seed}, default 42)
 * @param fsync the binary log's {@code fsync} ({@code --fsync}, default always; other values are
 *     for diagnosis only, the results are then not durable)
 * @param dataDir where the nodes write; wiped first ({@code --data-dir}, default
 *     bench/target/bench-data/fanout)
 * @param outDir where fanout-bench.json and .md go ({@code --out}, default bench/results)
 * @param threads print CPU time per transaction of each thread group ({@code --threads}, default
 *     false)
 */
record FanoutSettings(
    Duration jvmWarmup,
    Duration warmup,
    Duration measure,
    List<Integer> subscriberCounts,
    int callers,
    int callerThreads,
    Duration drainTimeout,
    long seed,
    String fsync,
    Path dataDir,
    Path outDir,
    boolean threads) {

  static FanoutSettings parse(String[] args) {
    Duration jvmWarmup = Duration.ofSeconds(5);
    Duration warmup = Duration.ofSeconds(5);
    Duration measure = Duration.ofSeconds(10);
    List<Integer> subscribers = List.of(1, 4, 16);
    int callers = 1000;
    int callerThreads = 2;
    Duration drainTimeout = Duration.ofSeconds(120);
    long seed = 42;
    String fsync = "always";
    Path dataDir = Path.of("bench", "target", "bench-data", "fanout");
    Path out = Path.of("bench", "results");
    boolean threads = false;
    for (var option : Options.parse(args)) {
      var value = option.value();
      switch (option.name()) {
        case "jvm-warmup-seconds" -> jvmWarmup = Options.seconds(value);
        case "warmup-seconds" -> warmup = Options.seconds(value);
        case "measure-seconds" -> measure = Options.seconds(value);
        case "subscribers" -> subscribers = Options.ints(value);
        case "callers" -> callers = Integer.parseInt(value);
        case "caller-threads" -> callerThreads = Integer.parseInt(value);
        case "drain-timeout-seconds" -> drainTimeout = Options.seconds(value);
        case "seed" -> seed = Long.parseLong(value);
        case "fsync" -> fsync = value;
        case "data-dir" -> dataDir = Path.of(value);
        case "out" -> out = Path.of(value);
        case "threads" -> threads = Boolean.parseBoolean(value);
        default -> throw Options.unknown(option);
      }
    }
    int most = FanoutSubscribers.MODULES.size();
    if (subscribers.stream().anyMatch(n -> n < 0 || n > most) || callers < 1) {
      throw new IllegalArgumentException(
          "need --subscribers between 0 and " + most + " and --callers >= 1");
    }
    return new FanoutSettings(
        jvmWarmup,
        warmup,
        measure,
        subscribers,
        callers,
        callerThreads,
        drainTimeout,
        seed,
        fsync,
        dataDir.toAbsolutePath(),
        out.toAbsolutePath(),
        threads);
  }

  /** The same settings with other warm-up and measurement times. */
  FanoutSettings withTimes(Duration newWarmup, Duration newMeasure) {
    return new FanoutSettings(
        jvmWarmup,
        newWarmup,
        newMeasure,
        subscriberCounts,
        callers,
        callerThreads,
        drainTimeout,
        seed,
        fsync,
        dataDir,
        outDir,
        threads);
  }
}
