package io.interstice.bench;

import io.interstice.runtime.TxReceipt;
import io.interstice.runtime.node.IntersticeNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Subscription fan-out through the whole runtime: one {@code feed} module whose {@code post}
 * inserts a row, and N subscriber modules ({@link FanoutSubscribers}) that each receive every
 * inserted row and record how long after the post's commit their own delivery transaction
 * committed. Many closed-loop callers post; the binary log runs with {@code fsync = always} on the
 * real disk, so the delay includes the producer's force, the delivery and the subscriber's force.
 * One row per subscriber count (1, 4, 16), each on a fresh node. After the measurement the run
 * waits for every delivery, reads the tables and checks that every post reached every subscriber
 * exactly once. Prints a markdown table and writes {@code fanout-bench.json} and {@code
 * fanout-bench.md} to the output directory.
 *
 * <p>Run from the repository root (see bench/README.md):
 *
 * <pre>
 * java -Xmx4g -cp "bench/target/interstice-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" \
 *     io.interstice.bench.FanoutBench [--subscribers=1,4,16] [--callers=1000] ...
 * </pre>
 */
public final class FanoutBench {
  /** What every post says: short, like a chat message. */
  private static final String TEXT = "a post of the fan-out benchmark, 46 bytes long";

  private static final Duration SUBSCRIBE_TIMEOUT = Duration.ofSeconds(30);
  private static final int JVM_WARMUP_SUBSCRIBERS = 4;
  private static final Duration SHORT = Duration.ofMillis(500);

  private FanoutBench() {}

  public static void main(String[] args) throws Exception {
    var settings = FanoutSettings.parse(args);
    JournalBench.wipe(settings.dataDir());
    Files.createDirectories(settings.dataDir());
    var machine = Machine.describe(settings.dataDir());
    System.out.printf(
        Locale.ROOT,
        "FanoutBench: %d cpu(s) %s, data in %s on %s; %d callers, fsync = %s;"
            + " %ds JIT warm-up, then %ds warm-up + %ds measured per row%n",
        machine.cpus(),
        machine.cpuModel(),
        settings.dataDir(),
        machine.disk(),
        settings.callers(),
        settings.fsync(),
        settings.jvmWarmup().toSeconds(),
        settings.warmup().toSeconds(),
        settings.measure().toSeconds());
    machine.warnIfNotDurable(settings.fsync());
    var callbacks = ClosedLoop.callbackThreads(settings.callerThreads());
    try {
      if (!settings.jvmWarmup().isZero()) {
        // Not reported: the first row would otherwise run partly interpreted.
        var dir = settings.dataDir().resolve("jvm-warmup");
        System.out.println("  (JIT warm-up, not reported)");
        row(
            JVM_WARMUP_SUBSCRIBERS,
            dir,
            settings.withTimes(settings.jvmWarmup(), SHORT),
            callbacks);
        JournalBench.wipe(dir);
      }
      var results = new ArrayList<FanoutResult>();
      for (int subscribers : settings.subscriberCounts()) {
        var dir = settings.dataDir().resolve("subscribers-" + subscribers);
        results.add(row(subscribers, dir, settings, callbacks));
        JournalBench.wipe(dir);
      }
      var report = new FanoutBenchReport(OffsetDateTime.now(), machine, settings, results);
      Files.createDirectories(settings.outDir());
      Files.writeString(settings.outDir().resolve("fanout-bench.json"), report.json());
      Files.writeString(settings.outDir().resolve("fanout-bench.md"), report.markdown());
      System.out.println();
      System.out.print(report.markdown());
      System.out.println();
      System.out.println("written to " + settings.outDir().resolve("fanout-bench.{json,md}"));
    } finally {
      if (callbacks != null) {
        callbacks.shutdown();
      }
    }
  }

  private static FanoutResult row(
      int subscribers, Path dir, FanoutSettings settings, ExecutorService callbacks)
      throws Exception {
    var config = TransferJournal.DURABLE.config(settings.fsync(), 0);
    try (var node = TransferBench.startNode(dir, config, "fanout")) {
      node.deploy(FanoutFeed.class);
      for (int i = 0; i < subscribers; i++) {
        node.deploy(FanoutSubscribers.MODULES.get(i));
      }
      long lastProbe = awaitSubscribed(node, subscribers);
      var baseTx = new long[subscribers];
      for (int i = 0; i < subscribers; i++) {
        baseTx[i] = node.describe(FanoutSubscribers.name(i + 1)).lastTxId();
      }
      var counted =
          ClosedLoop.timed(
              new Posts(node),
              settings.callers(),
              settings.seed(),
              callbacks,
              settings.warmup(),
              settings.measure());
      double load = FanoutResult.loadAverageNow();
      long stopped = System.nanoTime();
      long lastPost = node.describe(FanoutFeed.MODULE).lastTxId();
      awaitDelivered(node, baseTx, lastPost - lastProbe, settings.drainTimeout());
      double drainSeconds = (System.nanoTime() - stopped) / 1e9;
      var control = counted.control();
      var tally =
          FanoutTally.read(
              node,
              lastProbe + 1,
              lastPost,
              baseTx,
              control.measureStartEpochMicros(),
              control.measureEndEpochMicros());
      var result =
          FanoutResult.of(subscribers, settings.callers(), counted, tally, drainSeconds, load);
      System.out.printf(
          Locale.ROOT,
          "  %2d subscriber(s): %,8.0f posts/s %,9.0f deliveries/s (%3.0f %% kept up)"
              + "  delay p50 %,9.0f us  p99 %,9.0f us  max %,9.0f us  drain %.1f s  %s"
              + "  %5.1f cpu-us/tx  load %.1f%n",
          subscribers,
          result.postsPerSecond(),
          result.deliveriesPerSecond(),
          result.keptUp() * 100,
          result.delayP50Micros(),
          result.delayP99Micros(),
          result.delayMaxMicros(),
          result.drainSeconds(),
          result.exactlyOnce()
              ? "exactly once"
              : "NOT exactly once: " + result.missing() + " missing",
          result.cpuMicrosPerTx(),
          result.loadAverage());
      if (settings.threads()) {
        JournalRun.printThreadCpu(control, tally.posts() + tally.deliveries());
      }
      return result;
    }
  }

  /**
   * Posts probes until every subscriber has received one, so that its subscription is registered
   * with the feed, then one more that every subscriber must receive; returns that last probe's id.
   * Probes posted before a subscription was registered never reach that subscriber, which is why
   * the load's posts are counted only from the next id on.
   */
  private static long awaitSubscribed(IntersticeNode node, int subscribers)
      throws InterruptedException {
    long deadline = System.nanoTime() + SUBSCRIBE_TIMEOUT.toNanos();
    while (minSubscriberTx(node, subscribers) == 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "subscriptions not registered within " + SUBSCRIBE_TIMEOUT.toSeconds() + " s");
      }
      node.call(FanoutFeed.MODULE, "post", "probe");
      TimeUnit.MILLISECONDS.sleep(50);
    }
    long lastProbe = node.call(FanoutFeed.MODULE, "post", "probe").txId();
    while (!allReceived(node, subscribers, lastProbe)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "probe " + lastProbe + " not delivered to every subscriber");
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return lastProbe;
  }

  private static long minSubscriberTx(IntersticeNode node, int subscribers) {
    long min = Long.MAX_VALUE;
    for (int i = 1; i <= subscribers; i++) {
      min = Math.min(min, node.describe(FanoutSubscribers.name(i)).lastTxId());
    }
    return min;
  }

  private static boolean allReceived(IntersticeNode node, int subscribers, long postId) {
    for (int i = 1; i <= subscribers; i++) {
      var rows = node.rows(FanoutSubscribers.name(i), FanoutSubscribers.TABLE);
      if (rows.isEmpty() || (Long) rows.get(rows.size() - 1)[0] != postId) {
        return false;
      }
    }
    return true;
  }

  /** Waits until subscriber {@code i} ran {@code baseTx[i] + posts} transactions, each of them. */
  private static void awaitDelivered(
      IntersticeNode node, long[] baseTx, long posts, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int i = 0; i < baseTx.length; i++) {
      var module = FanoutSubscribers.name(i + 1);
      while (node.describe(module).lastTxId() < baseTx[i] + posts) {
        if (System.nanoTime() > deadline) {
          System.out.printf(
              Locale.ROOT,
              "  WARNING: not every post reached %s within %d s; counting what arrived%n",
              module,
              timeout.toSeconds());
          return;
        }
        TimeUnit.MILLISECONDS.sleep(20);
      }
    }
  }

  /** The callers' calls: {@code feed.post(TEXT)}; nothing is an expected refusal. */
  private record Posts(IntersticeNode node) implements ClosedLoop.Workload {
    @Override
    public CompletionStage<TxReceipt> send(SplittableRandom random) {
      return node.callAsync(FanoutFeed.MODULE, "post", TEXT);
    }

    @Override
    public boolean refused(Throwable error) {
      return false;
    }
  }
}
