package io.interstice.tests;

import io.interstice.runtime.TxReceipt;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.tests.modules.Journalled;
import io.interstice.tests.modules.Ledger;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * The child JVM of {@link IdempotencyKillNineTest}: starts an {@link IntersticeNode} on a data
 * directory, deploys {@link Ledger} (a no-op when it already is), whose {@code add} inserts an item
 * per run, then has {@link #CALLERS} callers add, each one call after the other, up to {@link
 * #CALLS_PER_CALLER} calls, until the process is killed. Each call ({@link Addition}) has its token
 * as its idempotency key and is sent twice at once: both tries must be answered with the same
 * receipt. Report lines, one flushed line each:
 *
 * <pre>
 * STARTED                                               the node is up
 * DEPLOYED                                              the module is deployed (and recovered)
 * READY                                                 the callers start
 * ACK ledger &lt;token&gt; &lt;n&gt; &lt;tx id&gt; &lt;µs&gt;             both tries of a call are durable
 * FAILED &lt;what&gt;: &lt;error&gt;                              a try failed, or the tries disagree
 * </pre>
 *
 * <p>Usage: {@code IdempotencyCrashWriter <data-dir> <seed> <snapshot-every> <cycle>}. Logging and
 * halting as in {@link ModuleCrashWriter}.
 */
public final class IdempotencyCrashWriter {
  /** Concurrent callers. */
  public static final int CALLERS = 6;

  /** Calls per caller and child: together well within the default window of 10,000 keys. */
  public static final int CALLS_PER_CALLER = 1_000;

  private IdempotencyCrashWriter() {}

  /**
   * Call {@code n} of caller {@code caller} in cycle {@code cycle}: its token, which is also its
   * idempotency key, and its amount {@code n} are the same for every try.
   */
  record Addition(int cycle, int caller, long n) {
    String token() {
      return "c" + cycle + "." + caller + "." + n;
    }

    CompletableFuture<TxReceipt> addAsync(IntersticeNode node) {
      var args = Args.Values.of(token(), n);
      return node.callAsync(DeliveryCrashWriter.LEDGER, "add", args, "adder-" + caller, token())
          .toCompletableFuture();
    }

    TxReceipt add(IntersticeNode node) {
      return addAsync(node).join();
    }

    /** The receipt's timestamp in microseconds, as ACK lines carry it. */
    static long micros(TxReceipt receipt) {
      return Journalled.micros(receipt.timestamp());
    }
  }

  public static void main(String[] args) {
    var dataDir = Path.of(args[0]);
    int snapshotEvery = Integer.parseInt(args[2]);
    int cycle = Integer.parseInt(args[3]);
    var node = ModuleCrashWriter.startNode(dataDir, snapshotEvery);
    try {
      node.deploy(Ledger.class);
      ModuleCrashWriter.emit(ModuleCrashWriter.DEPLOYED);
      ModuleCrashWriter.emit(ModuleCrashWriter.READY);
      for (int caller = 0; caller < CALLERS; caller++) {
        add(node, new Addition(cycle, caller, 1));
      }
    } catch (RuntimeException e) {
      ModuleCrashWriter.emit(ModuleCrashWriter.FAILED + " start-up: " + e);
      e.printStackTrace();
    }
  }

  /** Sends {@code addition} twice at once, then the caller's next once both are answered alike. */
  private static void add(IntersticeNode node, Addition addition) {
    if (addition.n() > CALLS_PER_CALLER) {
      return;
    }
    var first = addition.addAsync(node);
    var second = addition.addAsync(node);
    first
        .thenCombine(second, (a, b) -> a.equals(b) ? a : null)
        .whenComplete(
            (receipt, error) -> {
              var failed = ModuleCrashWriter.FAILED + " add " + addition.token() + ": ";
              if (error != null) {
                ModuleCrashWriter.emit(failed + ModuleCrashWriter.unwrap(error));
              } else if (receipt == null) {
                ModuleCrashWriter.emit(
                    failed + "two receipts, " + first.join() + ", " + second.join());
              } else {
                var token = addition.token();
                ModuleCrashWriter.ack(DeliveryCrashWriter.LEDGER, token, addition.n(), receipt);
                add(node, new Addition(addition.cycle(), addition.caller(), addition.n() + 1));
              }
            });
  }
}
