package io.interstice.bench;

import io.interstice.runtime.node.IntersticeNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Transfers on other bank modules ({@link ClusterBanks}: {@code bank00}, {@code bank01}, ...) that
 * keep a node's module dispatcher and log writer busy while something else is measured: each of
 * {@code callers} closed-loop callers sends its next {@code transfer} when the previous one was
 * answered, until {@link #stop}. Refusals and failures are counted, never fatal.
 *
 * <p>Thread-safety: started and stopped by one thread; the callers run on the node's threads.
 */
final class BackgroundLoad {
  private static final int ACCOUNTS = 1000;

  private final IntersticeNode node;
  private final List<String> modules;
  private final AtomicLong committed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final List<CompletableFuture<Void>> callers = new ArrayList<>();
  private volatile boolean stopped;

  private BackgroundLoad(IntersticeNode node, List<String> modules) {
    this.node = node;
    this.modules = modules;
  }

  /**
   * Deploys {@code moduleCount} bank modules with {@value #ACCOUNTS} accounts each and starts
   * {@code callers} callers spread over them.
   */
  static BackgroundLoad start(IntersticeNode node, int moduleCount, int callers) {
    var modules = new ArrayList<String>();
    for (int m = 0; m < moduleCount; m++) {
      node.deploy(ClusterBanks.MODULES.get(m));
      var name = ClusterBanks.name(m);
      var opened = new ArrayList<CompletableFuture<?>>();
      for (int i = 0; i < ACCOUNTS; i++) {
        opened.add(node.callAsync(name, "open", "owner-" + i, 1_000_000L).toCompletableFuture());
      }
      CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).join();
      modules.add(name);
    }
    var load = new BackgroundLoad(node, modules);
    for (int c = 0; c < callers; c++) {
      var done = new CompletableFuture<Void>();
      load.callers.add(done);
      load.next(new SplittableRandom(c), modules.get(c % modules.size()), done);
    }
    return load;
  }

  private void next(SplittableRandom random, String module, CompletableFuture<Void> done) {
    if (stopped) {
      done.complete(null);
      return;
    }
    long from = 1 + random.nextInt(ACCOUNTS);
    long to = 1 + random.nextInt(ACCOUNTS);
    node.callAsync(module, "transfer", from, to, 1L)
        .whenComplete(
            (receipt, error) -> {
              (error == null ? committed : failed).incrementAndGet();
              next(random, module, done);
            });
  }

  /** Transfers committed so far. */
  long committed() {
    return committed.get();
  }

  /** Calls that failed or were refused so far. */
  long failed() {
    return failed.get();
  }

  /** Stops every caller after its call in flight and waits for them. */
  void stop() {
    stopped = true;
    CompletableFuture.allOf(callers.toArray(CompletableFuture[]::new)).join();
  }
}
