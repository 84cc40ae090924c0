package io.interstice.bench;

import io.interstice.runtime.node.IntersticeNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * Recovery of one module while its node is under full write load, as a ratio to its recovery on an
 * idle node. A history of {@code --transfers} transfers is written to the bank {@code bank00}
 * (snapshots off); then, on the same data directory, nodes are started one after the other: idle,
 * loaded (1,000 closed-loop callers sending durable transfers to another module, {@code bank}, for
 * a second before and all through the recovery), and idle again. In each, the first request to
 * {@code bank00} makes it recover, and its own recovery time is taken. The idle figure is the
 * smaller of the two idle runs (the second runs in a warm JVM, as the loaded one does). Writes
 * {@code recovery-load.json} and {@code .md}.
 *
 * <p>Options, each {@code --name=value}: {@code --transfers} (100000), {@code --accounts} (10000),
 * {@code --callers} (1000), {@code --warmup-seconds} (1), {@code --data-dir}, {@code --out}.
 */
public final class RecoveryLoadBench {
  private static final String TARGET = ClusterBanks.name(0);
  private static final int IN_FLIGHT = 1000;

  /** The target the ratio is held to: recovery under load at most twice the idle one. */
  static final double TARGET_RATIO = 2.0;

  private RecoveryLoadBench() {}

  public static void main(String[] args) throws Exception {
    // Initialise logging before any thread logs, so SLF4J never replays intercepted calls.
    org.slf4j.LoggerFactory.getILoggerFactory();
    long transfers = 100_000;
    int accounts = 10_000;
    int callers = 1000;
    Duration warmup = Duration.ofSeconds(1);
    Path dataDir = Path.of("bench", "target", "bench-data", "recovery-load");
    Path out = Path.of("bench", "results");
    for (var option : Options.parse(args)) {
      var value = option.value();
      switch (option.name()) {
        case "transfers" -> transfers = Long.parseLong(value);
        case "accounts" -> accounts = Integer.parseInt(value);
        case "callers" -> callers = Integer.parseInt(value);
        case "warmup-seconds" -> warmup = Options.seconds(value);
        case "data-dir" -> dataDir = Path.of(value);
        case "out" -> out = Path.of(value);
        default -> throw Options.unknown(option);
      }
    }
    JournalBench.wipe(dataDir);
    Files.createDirectories(dataDir);
    var settings =
        TransferSettings.parse(
            new String[] {"--accounts=" + accounts, "--data-dir=" + dataDir, "--out=" + out});
    var machine = Machine.describe(dataDir);
    System.out.printf(
        Locale.ROOT,
        "RecoveryLoadBench: %s; %,d transfers in %s, then recovered idle, loaded, idle%n",
        machine.summary(),
        transfers,
        TARGET);
    long lastTxId = write(dataDir, settings, transfers);
    long idle1 = recover(dataDir, settings, 0, warmup);
    long loaded = recover(dataDir, settings, callers, warmup);
    long idle2 = recover(dataDir, settings, 0, warmup);
    long idle = Math.min(idle1, idle2);
    double ratio = idle == 0 ? Double.NaN : (double) loaded / idle;
    var json =
        ReportJson.object()
            .put("benchmark", "RecoveryLoadBench")
            .put("date", OffsetDateTime.now().toString())
            .put("transactions", lastTxId)
            .put("callers", callers)
            .put("idleMillis", idle)
            .put("idleRunsMillis", idle1 + "," + idle2)
            .put("loadedMillis", loaded)
            .put("ratio", ReportJson.rounded(ratio, 2))
            .put("targetRatio", TARGET_RATIO)
            .put("met", ratio <= TARGET_RATIO);
    json.set("machine", machine.json());
    var md =
        String.format(
            Locale.ROOT,
            "Recovery of %s (%,d transactions, no snapshots): idle %,d ms (runs %,d and %,d ms),"
                + " under the load of %,d callers %,d ms: **%.2fx** (target at most %.0fx: %s)%n",
            TARGET,
            lastTxId,
            idle,
            idle1,
            idle2,
            callers,
            loaded,
            ratio,
            TARGET_RATIO,
            ratio <= TARGET_RATIO ? "met" : "NOT met");
    Files.createDirectories(out);
    Files.writeString(out.resolve("recovery-load.json"), ReportJson.text(json));
    Files.writeString(out.resolve("recovery-load.md"), md);
    System.out.print(md);
    JournalBench.wipe(dataDir);
  }

  /** Writes the target's history (and the load module's accounts); returns its last tx id. */
  private static long write(Path dir, TransferSettings settings, long transfers) throws Exception {
    try (var node =
        TransferBench.startNode(
            dir, TransferJournal.DURABLE.config("never", 0), "recovery-load-write")) {
      node.deploy(ClusterBanks.Bank00.class);
      TransferModule.JAVA.deploy(node);
      TransferLoad.openAccounts(node, settings, IN_FLIGHT);
      calls(
          node,
          settings.accounts(),
          i -> new Object[] {"owner-" + i, settings.initialBalance()},
          "open");
      var random = new SplittableRandom(settings.seed());
      calls(
          node,
          transfers,
          i -> {
            long from = 1L + random.nextInt(settings.accounts());
            // Two distinct accounts: the bank refuses a transfer to the same account.
            long to = 1L + (from + random.nextInt(settings.accounts() - 1)) % settings.accounts();
            return new Object[] {from, to, 1L + random.nextInt((int) settings.maxAmount())};
          },
          "transfer");
      return node.describe(TARGET).lastTxId();
    }
  }

  /** Sends {@code count} calls to the target, {@link #IN_FLIGHT} at a time; refusals are fine. */
  private static void calls(
      IntersticeNode node, long count, LongFunction<Object[]> arguments, String reducer)
      throws InterruptedException {
    var permits = new Semaphore(IN_FLIGHT);
    var failures = new ConcurrentLinkedQueue<Throwable>();
    for (long i = 0; i < count && failures.isEmpty(); i++) {
      // Drawn on this thread, one call at a time: the random generator is not shared.
      var args = arguments.apply(i);
      permits.acquire();
      node.callAsync(TARGET, reducer, args)
          .whenComplete(
              (receipt, error) -> {
                if (error != null && !TransferLoad.isRefusal(error)) {
                  failures.add(error);
                }
                permits.release();
              });
    }
    permits.acquire(IN_FLIGHT);
    if (!failures.isEmpty()) {
      throw new IllegalStateException("writing the history failed", failures.peek());
    }
  }

  /** A node on {@code dir}; with callers, under their load; the target's recovery time in ms. */
  private static long recover(Path dir, TransferSettings settings, int callers, Duration warmup)
      throws Exception {
    var config = TransferJournal.DURABLE.config("always", 0);
    try (var node = TransferBench.startNode(dir, config, "recovery-load")) {
      node.describe(TransferLoad.MODULE);
      if (callers == 0) {
        long millis = node.describe(TARGET).recovery().millis();
        System.out.printf(Locale.ROOT, "  idle:   %s recovered in %,d ms%n", TARGET, millis);
        return millis;
      }
      var callbacks = ClosedLoop.callbackThreads(2);
      var load = Executors.newSingleThreadExecutor();
      try {
        var zipf = new ZipfSampler(settings.accounts(), settings.zipfExponent());
        // The load runs through the warm-up and on past the recovery, then stops by itself.
        var running =
            load.submit(
                () ->
                    TransferLoad.timed(
                        node, settings, zipf, callers, callbacks, warmup, Duration.ofSeconds(3)));
        TimeUnit.MILLISECONDS.sleep(warmup.toMillis());
        long millis = node.describe(TARGET).recovery().millis();
        var counted = running.get(10, TimeUnit.MINUTES);
        System.out.printf(
            Locale.ROOT,
            "  loaded: %s recovered in %,d ms beside %,.0f committed transfers/s of %d callers%n",
            TARGET,
            millis,
            counted.committed() / counted.seconds(),
            callers);
        return millis;
      } finally {
        load.shutdownNow();
        if (callbacks != null) {
          callbacks.shutdown();
        }
      }
    }
  }
}
