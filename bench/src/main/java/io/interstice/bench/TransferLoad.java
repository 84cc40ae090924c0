package io.interstice.bench;

import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeNode;
import io.interstice.runtime.TxReceipt;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop transfer load on the {@code bank} module of one node: each caller sends its next
 * {@code transfer(from, to, amount)} when the previous one was answered. Accounts are drawn with a
 * Zipf distribution over the accounts (a seeded permutation decides which accounts are the hot
 * ones), amounts uniformly from 1..maxAmount; a transfer refused for insufficient funds is counted
 * apart from committed ones, any other failure ends the run.
 *
 * <p>Thread-safety: each caller's fields are touched only by its own chain of completions, one at a
 * time; they are read by the driving thread after every caller reported to the {@link RunControl}.
 */
final class TransferLoad {
  static final String MODULE = "bank";
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);

  private final IntersticeNode node;
  private final TransferSettings settings;
  private final ZipfSampler zipf;
  private final long[] accountOfRank;
  private final Executor callbacks;
  private final RunControl control;
  private final Caller[] callers;
  private final AtomicLong totalCommitted = new AtomicLong();
  private final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();

  private TransferLoad(
      IntersticeNode node,
      TransferSettings settings,
      ZipfSampler zipf,
      int callerCount,
      Executor callbacks) {
    this.node = node;
    this.settings = settings;
    this.zipf = zipf;
    this.accountOfRank = hotAccounts(settings.accounts(), settings.seed());
    this.callbacks = callbacks;
    this.control = new RunControl(callerCount);
    this.callers = new Caller[callerCount];
    var seeds = new SplittableRandom(settings.seed());
    for (int i = 0; i < callerCount; i++) {
      callers[i] = new Caller(seeds.split());
    }
  }

  /** What one run of the load counted. */
  record Counted(
      long committed,
      long refused,
      double seconds,
      double cpuSeconds,
      LatencyHistogram latencies,
      RunControl control) {

    long answered() {
      return committed + refused;
    }
  }

  /**
   * Opens accounts 1..accounts ({@code owner-<i>}, the initial balance each), at most {@code
   * inFlight} calls at a time, and checks that their ids are 1..accounts.
   */
  static void openAccounts(IntersticeNode node, TransferSettings settings, int inFlight)
      throws InterruptedException {
    var permits = new Semaphore(inFlight);
    var failures = new ConcurrentLinkedQueue<Throwable>();
    for (int i = 0; i < settings.accounts() && failures.isEmpty(); i++) {
      permits.acquire();
      node.callAsync(MODULE, "open", "owner-" + i, settings.initialBalance())
          .whenComplete(
              (receipt, error) -> {
                if (error != null) {
                  failures.add(error);
                }
                permits.release();
              });
    }
    permits.acquire(inFlight);
    if (!failures.isEmpty()) {
      throw new IllegalStateException("opening accounts failed", failures.peek());
    }
    // The benchmark addresses accounts by id: they must be exactly 1..accounts.
    node.query(MODULE, "balance", 1L);
    node.query(MODULE, "balance", (long) settings.accounts());
    try {
      node.query(MODULE, "balance", settings.accounts() + 1L);
      throw new IllegalStateException("account ids are not 1.." + settings.accounts());
    } catch (CallFailedException expected) {
      // no such account: as it should be
    }
  }

  /**
   * Runs {@code callerCount} callers: {@code warmup} unmeasured, then {@code measure} measured,
   * then waits for every caller's last call.
   */
  static Counted timed(
      IntersticeNode node,
      TransferSettings settings,
      ZipfSampler zipf,
      int callerCount,
      Executor callbacks,
      Duration warmup,
      Duration measure)
      throws InterruptedException {
    var load = new TransferLoad(node, settings, zipf, callerCount, callbacks);
    load.start();
    load.sleepUnlessFailed(warmup);
    load.control.startMeasuring();
    load.sleepUnlessFailed(measure);
    load.control.stop();
    return load.finish();
  }

  /** Runs {@code callerCount} callers, all counted, until at least {@code committed} committed. */
  static Counted untilCommitted(
      IntersticeNode node,
      TransferSettings settings,
      ZipfSampler zipf,
      int callerCount,
      Executor callbacks,
      long committed)
      throws InterruptedException {
    var load = new TransferLoad(node, settings, zipf, callerCount, callbacks);
    load.control.startMeasuring();
    load.start();
    while (load.totalCommitted.get() < committed && load.errors.isEmpty()) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
    load.control.stop();
    return load.finish();
  }

  private void start() {
    for (var caller : callers) {
      caller.send();
    }
  }

  private void sleepUnlessFailed(Duration time) throws InterruptedException {
    long end = System.nanoTime() + time.toNanos();
    while (errors.isEmpty() && System.nanoTime() < end) {
      TimeUnit.MILLISECONDS.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
    }
  }

  private Counted finish() throws InterruptedException {
    if (!control.awaitStopped(STOP_TIMEOUT)) {
      throw new IllegalStateException("callers did not stop within " + STOP_TIMEOUT);
    }
    if (!errors.isEmpty()) {
      var error = new IllegalStateException("transfers failed", errors.peek());
      errors.stream().skip(1).limit(3).forEach(error::addSuppressed);
      throw error;
    }
    long committed = 0;
    long refused = 0;
    for (var caller : callers) {
      committed += caller.committed;
      refused += caller.refused;
    }
    return new Counted(
        committed,
        refused,
        control.measuredSeconds(),
        control.measuredCpuSeconds(),
        control.merged(),
        control);
  }

  /** Account ids by Zipf rank: a seeded shuffle of 1..n, so the hot accounts are spread out. */
  private static long[] hotAccounts(int accounts, long seed) {
    var ids = new long[accounts];
    for (int i = 0; i < accounts; i++) {
      ids[i] = i + 1;
    }
    var random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    for (int i = accounts - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long swap = ids[i];
      ids[i] = ids[j];
      ids[j] = swap;
    }
    return ids;
  }

  private static boolean insufficientFunds(Throwable error) {
    var cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof CallFailedException failed
        && failed.kind() == ErrorKind.REDUCER_FAILED
        && failed.getMessage() != null
        && failed.getMessage().startsWith("insufficient funds");
  }

  /** One closed-loop caller. */
  private final class Caller {
    private final SplittableRandom random;
    private final LatencyHistogram latencies = new LatencyHistogram();
    private long committed;
    private long refused;

    Caller(SplittableRandom random) {
      this.random = random;
    }

    void send() {
      if (control.phase() == RunControl.Phase.STOP || !errors.isEmpty()) {
        control.stopped(latencies);
        return;
      }
      long from = accountOfRank[zipf.next(random) - 1];
      long to;
      do {
        to = accountOfRank[zipf.next(random) - 1];
      } while (to == from);
      long amount = 1 + random.nextLong(settings.maxAmount());
      long start = System.nanoTime();
      CompletionStage<TxReceipt> reply = node.callAsync(MODULE, "transfer", from, to, amount);
      if (callbacks == null) {
        reply.whenComplete((receipt, error) -> answered(start, error));
      } else {
        reply.whenCompleteAsync((receipt, error) -> answered(start, error), callbacks);
      }
    }

    private void answered(long start, Throwable error) {
      long nanos = System.nanoTime() - start;
      boolean measuring = control.phase() == RunControl.Phase.MEASURE;
      if (error == null) {
        totalCommitted.incrementAndGet();
        if (measuring) {
          committed++;
          latencies.record(nanos);
        }
      } else if (insufficientFunds(error)) {
        if (measuring) {
          refused++;
          latencies.record(nanos);
        }
      } else {
        errors.add(error);
      }
      send();
    }
  }
}
