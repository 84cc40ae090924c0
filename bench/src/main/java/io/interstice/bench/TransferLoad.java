package io.interstice.bench;

import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.TxReceipt;
import io.interstice.runtime.node.IntersticeNode;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * Transfer load on the {@code bank} module of one node, run by {@link ClosedLoop} callers: each
 * sends {@code transfer(from, to, amount)} drawn by {@link TransferDraws}; a transfer refused for
 * insufficient funds is counted apart from committed ones.
 *
 * <p>Thread-safety: immutable once built; each caller draws from its own random generator.
 */
final class TransferLoad implements ClosedLoop.Workload {
  static final String MODULE = "bank";

  private final IntersticeNode node;
  private final TransferDraws draws;

  private TransferLoad(IntersticeNode node, TransferSettings settings, ZipfSampler zipf) {
    this.node = node;
    this.draws = new TransferDraws(settings, zipf);
  }

  /**
   * Opens accounts 1..accounts ({@code owner-<i>}, the initial balance each), at most {@code
   * inFlight} calls at a time, and checks that their ids are 1..accounts. The first account is
   * opened alone: that first call after the deploy carries the module's one-time costs (a
   * WebAssembly module is compiled then), and it returns how many milliseconds it took.
   */
  static long openAccounts(IntersticeNode node, TransferSettings settings, int inFlight)
      throws InterruptedException {
    long start = System.nanoTime();
    node.call(MODULE, "open", "owner-0", settings.initialBalance());
    long firstCallMillis = (System.nanoTime() - start) / 1_000_000;
    var permits = new Semaphore(inFlight);
    var failures = new ConcurrentLinkedQueue<Throwable>();
    for (int i = 1; i < settings.accounts() && failures.isEmpty(); i++) {
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
    return firstCallMillis;
  }

  /**
   * Runs {@code callerCount} callers: {@code warmup} unmeasured, then {@code measure} measured,
   * then waits for every caller's last call.
   */
  static ClosedLoop.Counted timed(
      IntersticeNode node,
      TransferSettings settings,
      ZipfSampler zipf,
      int callerCount,
      Executor callbacks,
      Duration warmup,
      Duration measure)
      throws InterruptedException {
    return ClosedLoop.timed(
        new TransferLoad(node, settings, zipf),
        callerCount,
        settings.seed(),
        callbacks,
        warmup,
        measure);
  }

  /** Runs {@code callerCount} callers, all counted, until at least {@code committed} committed. */
  static ClosedLoop.Counted untilCommitted(
      IntersticeNode node,
      TransferSettings settings,
      ZipfSampler zipf,
      int callerCount,
      Executor callbacks,
      long committed)
      throws InterruptedException {
    return ClosedLoop.untilCommitted(
        new TransferLoad(node, settings, zipf), callerCount, settings.seed(), callbacks, committed);
  }

  @Override
  public CompletionStage<TxReceipt> send(SplittableRandom random) {
    var transfer = draws.next(random);
    return node.callAsync(MODULE, "transfer", transfer.from(), transfer.to(), transfer.amount());
  }

  @Override
  public boolean refused(Throwable error) {
    return isRefusal(error);
  }

  /** True when {@code error} is a transfer refused for insufficient funds, however it came. */
  static boolean isRefusal(Throwable error) {
    var cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return cause instanceof CallFailedException failed
        && failed.kind() == ErrorKind.REDUCER_FAILED
        && failed.getMessage() != null
        && failed.getMessage().startsWith("insufficient funds");
  }
}
