package io.interstice.tests;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.tests.modules.BankAudit;
import io.interstice.tests.modules.Forwarder;
import io.interstice.tests.modules.Ledger;
import io.interstice.tests.modules.Tally;
import io.interstice.tests.modules.Ticker;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The child JVM of {@link DeliveryKillNineTest}: starts an {@link IntersticeNode} on a data
 * directory and deploys (a no-op when they already are) the producers {@link Ledger} and the bank
 * example, their subscribers {@link Tally} and {@link BankAudit}, the caller {@link Forwarder} and
 * the schedule {@link Ticker}; opens the bank's missing accounts and starts the ticker, then has
 * {@link #ADDERS} callers add to the ledger, {@link #FORWARDERS} callers add through the forwarder
 * and {@link #TRANSFER_CALLERS} callers move money in the bank, all concurrently, until the process
 * is killed. Tokens are {@code <kind><cycle>.<caller>.<n>}, kind {@code d} for direct adds and
 * {@code f} for forwards, so they are unique across children. Report lines, one flushed line each:
 *
 * <pre>
 * STARTED                                               the node is up
 * DEPLOYED                                              every module is deployed (and recovered)
 * READY                                                 accounts opened, the callers start
 * ACK ledger &lt;token&gt; &lt;amount&gt; &lt;tx id&gt; &lt;µs&gt;         a direct add is durable
 * ACK forwarder &lt;token&gt; &lt;amount&gt; &lt;tx id&gt; &lt;µs&gt;      a forward (not yet its call) is durable
 * ACK bank &lt;caller&gt; &lt;n&gt; &lt;tx id&gt; &lt;µs&gt;             an open (caller "open") or transfer is durable
 * FAILED &lt;what&gt;: &lt;error&gt;                              a call failed that never should
 * </pre>
 *
 * <p>Usage: {@code DeliveryCrashWriter <data-dir> <seed> <snapshot-every> <cycle>}. Logging and
 * halting as in {@link ModuleCrashWriter}, whose accounts, transfers and report lines this shares.
 */
public final class DeliveryCrashWriter {
  /** Callers of {@code ledger.add}. */
  public static final int ADDERS = 6;

  /** Callers of {@code forwarder.forward}. */
  public static final int FORWARDERS = 6;

  /** Callers of {@code bank.transfer}. */
  public static final int TRANSFER_CALLERS = 4;

  /** How often the ticker's schedule runs. */
  public static final long TICK_MILLIS = 100;

  public static final String LEDGER = "ledger";
  public static final String TALLY = "tally";
  public static final String FORWARDER = "forwarder";
  public static final String AUDIT = "audit";
  public static final String TICKER = "ticker";

  /** Every module of the test, producers before the modules that subscribe to or call them. */
  static final List<Class<?>> MODULES =
      List.of(
          Ledger.class, Bank.class, Tally.class, BankAudit.class, Forwarder.class, Ticker.class);

  private DeliveryCrashWriter() {}

  public static void main(String[] args) {
    var dataDir = Path.of(args[0]);
    var random = new SplittableRandom(Long.parseLong(args[1]));
    int snapshotEvery = Integer.parseInt(args[2]);
    int cycle = Integer.parseInt(args[3]);
    var node = ModuleCrashWriter.startNode(dataDir, snapshotEvery);
    try {
      run(node, cycle, random);
    } catch (RuntimeException e) {
      ModuleCrashWriter.emit(ModuleCrashWriter.FAILED + " start-up: " + e);
      e.printStackTrace();
    }
  }

  /** Deploys, opens the accounts, starts the ticker and every caller. */
  private static void run(IntersticeNode node, int cycle, SplittableRandom random) {
    MODULES.forEach(node::deploy);
    ModuleCrashWriter.emit(ModuleCrashWriter.DEPLOYED);
    var accounts = ModuleCrashWriter.openAccounts(node);
    node.call(TICKER, "start", TICK_MILLIS);
    ModuleCrashWriter.emit(ModuleCrashWriter.READY);
    for (int i = 0; i < ADDERS; i++) {
      add(node, LEDGER, "add", "d" + cycle + "." + i, 1, random.split());
    }
    for (int i = 0; i < FORWARDERS; i++) {
      add(node, FORWARDER, "forward", "f" + cycle + "." + i, 1, random.split());
    }
    for (int i = 0; i < TRANSFER_CALLERS; i++) {
      ModuleCrashWriter.transfer(node, "t" + i, 1, accounts, random.split());
    }
  }

  /**
   * Calls {@code module.reducer(token, amount)} with token {@code caller.n}, then the next once
   * this one is durable.
   */
  private static void add(
      IntersticeNode node,
      String module,
      String reducer,
      String caller,
      long n,
      SplittableRandom random) {
    var token = caller + "." + n;
    long amount = 1 + random.nextInt(1_000);
    node.callAsync(module, reducer, Args.Values.of(token, amount))
        .whenComplete(
            (receipt, error) -> {
              if (error != null) {
                ModuleCrashWriter.emit(
                    ModuleCrashWriter.FAILED
                        + " "
                        + module
                        + " "
                        + token
                        + ": "
                        + ModuleCrashWriter.unwrap(error));
                return;
              }
              ModuleCrashWriter.ack(module, token, amount, receipt);
              add(node, module, reducer, caller, n + 1, random);
            });
  }
}
