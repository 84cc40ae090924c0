package io.interstice.tests;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.TxReceipt;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.tests.modules.Journalled;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;

/**
 * The child JVM of {@link ModuleKillNineTest}: starts an {@link IntersticeNode} on a data
 * directory, deploys {@link Journalled} and the bank example (a no-op when they already are), opens
 * the bank's accounts that do not exist yet, then has {@link #STREAMS} callers append to their
 * streams (each continuing at the recovered last entry + 1, one call at a time) and {@link
 * #TRANSFER_CALLERS} callers move random amounts between accounts, all concurrently, until the
 * process is killed. It reports on stdout, one flushed line each:
 *
 * <pre>
 * STARTED                                           the node is up
 * DEPLOYED                                          both modules are deployed (and recovered)
 * READY                                             accounts opened, the callers start
 * ACK journalled &lt;stream&gt; &lt;seq&gt; &lt;tx id&gt; &lt;µs&gt;   an append is durable
 * ACK bank &lt;caller&gt; &lt;n&gt; &lt;tx id&gt; &lt;µs&gt;         an open (caller "open") or transfer is durable
 * FAILED &lt;what&gt;: &lt;error&gt;                          a call failed that never should
 * </pre>
 *
 * <p>Usage: {@code ModuleCrashWriter <data-dir> <seed> <snapshot-every> [<cycle> [wasm]]} (the
 * cycle is only used by other writers that share this class's helpers; {@code wasm} deploys the
 * bank as its WebAssembly build, {@code modules/examples/bank-wasm/bank.wasm}, instead of the Java
 * class). Logging goes to stderr (see {@code module-crash-logback.xml}); a node that cannot start
 * halts the JVM with a non-zero status. When stdin closes (the parent died) the child halts too.
 */
public final class ModuleCrashWriter {
  /** Streams of the {@code journalled} module, one caller each. */
  public static final int STREAMS = 24;

  /** Callers of {@code bank.transfer}. */
  public static final int TRANSFER_CALLERS = 8;

  /** Accounts of the bank, owned by {@code owner-0}, {@code owner-1}, … */
  public static final int ACCOUNTS = 12;

  /** Balance every account is opened with; transfers keep the total at a multiple of it. */
  public static final long INITIAL_BALANCE = 1_000;

  public static final String JOURNALLED = "journalled";
  public static final String BANK = "bank";
  public static final String OPEN_CALLER = "open";

  /** The last argument that makes the writer deploy the WebAssembly bank. */
  public static final String WASM = "wasm";

  static final String STARTED = "STARTED";
  static final String DEPLOYED = "DEPLOYED";
  static final String READY = "READY";
  static final String ACK = "ACK";
  static final String FAILED = "FAILED";

  private static final int EXIT_NOT_STARTED = 2;

  private static final PrintStream OUT = System.out;

  private ModuleCrashWriter() {}

  /** The bank example's WebAssembly build, read from the repository (tests run in tests/). */
  private static byte[] bankWasm() {
    try {
      return Files.readAllBytes(Path.of("..", "modules", "examples", "bank-wasm", "bank.wasm"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The name of stream {@code i}. */
  public static String stream(int i) {
    return "s" + i;
  }

  /** The owner of account {@code i}. */
  public static String owner(int i) {
    return "owner-" + i;
  }

  /**
   * Configuration of the node: durable acknowledgements, segments small enough to roll, and
   * snapshots every {@code snapshotEvery} events (0: none) with the events before them deleted.
   */
  public static String config(int snapshotEvery) {
    return """
        interstice.journal.fsync = always
        interstice.journal.segment-size = 256KiB
        interstice.module.snapshot-every = %d
        interstice.module.delete-events-on-snapshot = on
        """
        .formatted(snapshotEvery);
  }

  public static void main(String[] args) {
    var dataDir = Path.of(args[0]);
    var random = new SplittableRandom(Long.parseLong(args[1]));
    int snapshotEvery = Integer.parseInt(args[2]);
    boolean wasm = args.length > 4 && WASM.equals(args[4]);
    var node = startNode(dataDir, snapshotEvery);
    try {
      run(node, random, wasm);
    } catch (RuntimeException e) {
      emit(FAILED + " start-up: " + e);
      e.printStackTrace();
    }
  }

  /**
   * Halts when the parent goes, starts a node on {@code dataDir} configured by {@link #config} and
   * reports {@code STARTED}; a node that cannot start halts the JVM with a non-zero status.
   */
  static IntersticeNode startNode(Path dataDir, int snapshotEvery) {
    CrashWriter.haltWhenParentGoes();
    IntersticeNode node = null;
    try {
      node = IntersticeNode.builder().dataDir(dataDir).config(config(snapshotEvery)).start();
    } catch (RuntimeException e) {
      e.printStackTrace();
      Runtime.getRuntime().halt(EXIT_NOT_STARTED);
    }
    emit(STARTED);
    return node;
  }

  /** Deploys, opens the accounts and starts every caller. */
  private static void run(IntersticeNode node, SplittableRandom random, boolean wasm) {
    node.deploy(Journalled.class);
    if (wasm) {
      node.deployWasm(bankWasm());
    } else {
      node.deploy(Bank.class);
    }
    emit(DEPLOYED);
    var accounts = openAccounts(node);
    var lasts = new long[STREAMS];
    for (int i = 0; i < STREAMS; i++) {
      lasts[i] = (Long) node.query(JOURNALLED, "last", stream(i));
    }
    emit(READY);
    for (int i = 0; i < STREAMS; i++) {
      append(node, stream(i), lasts[i] + 1);
    }
    for (int i = 0; i < TRANSFER_CALLERS; i++) {
      transfer(node, "t" + i, 1, accounts, random.split());
    }
  }

  /** Opens the accounts that do not exist yet, one after the other; returns every account id. */
  static List<Long> openAccounts(IntersticeNode node) {
    var owners = new HashSet<String>();
    for (var row : node.rows(BANK, "accounts")) {
      owners.add((String) row[1]);
    }
    for (int i = 0; i < ACCOUNTS; i++) {
      if (!owners.contains(owner(i))) {
        ack(BANK, OPEN_CALLER, i, node.call(BANK, "open", owner(i), INITIAL_BALANCE));
      }
    }
    var ids = new ArrayList<Long>();
    for (var row : node.rows(BANK, "accounts")) {
      ids.add((Long) row[0]);
    }
    return ids;
  }

  /** Appends entry {@code seq} to {@code stream}, then the next once this one is durable. */
  private static void append(IntersticeNode node, String stream, long seq) {
    node.callAsync(JOURNALLED, "append", Args.Values.of(stream, seq))
        .whenComplete(
            (receipt, error) -> {
              if (error != null) {
                emit(FAILED + " append " + stream + " " + seq + ": " + unwrap(error));
                return;
              }
              ack(JOURNALLED, stream, seq, receipt);
              append(node, stream, seq + 1);
            });
  }

  /** Moves a random amount between two random accounts, then the next once this one is done. */
  static void transfer(
      IntersticeNode node, String caller, long n, List<Long> accounts, SplittableRandom random) {
    int from = random.nextInt(accounts.size());
    int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
    long amount = 1 + random.nextInt((int) INITIAL_BALANCE / 2);
    var args = Args.Values.of(accounts.get(from), accounts.get(to), amount);
    node.callAsync(BANK, "transfer", args, caller)
        .whenComplete(
            (receipt, error) -> {
              if (error == null) {
                ack(BANK, caller, n, receipt);
              } else if (!isRefusal(error)) {
                emit(FAILED + " transfer " + caller + " " + n + ": " + unwrap(error));
                return;
              }
              transfer(node, caller, n + 1, accounts, random);
            });
  }

  /** A transfer refused by the bank (insufficient funds), which is part of the workload. */
  private static boolean isRefusal(Throwable error) {
    return unwrap(error) instanceof CallFailedException failed
        && failed.kind() == ErrorKind.REDUCER_FAILED;
  }

  static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }

  static void ack(String module, String key, long n, TxReceipt receipt) {
    emit(
        String.join(
            " ",
            ACK,
            module,
            key,
            Long.toString(n),
            Long.toString(receipt.txId()),
            Long.toString(Journalled.micros(receipt.timestamp()))));
  }

  /** One write to the pipe per line, so a kill never leaves half a line behind. */
  static synchronized void emit(String line) {
    OUT.print(line + "\n");
    OUT.flush();
  }
}
