package io.interstice.cli.demo;

import io.interstice.cli.ExitCodes;
import io.interstice.examples.bank.Bank;
import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.TxReceipt;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.node.IntersticeNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code interstice demo}: a single node on the embedded default. Starts a node in the data
 * directory (recovering whatever an earlier run left in its log), deploys the {@code bank} example
 * module (the Java class, or with {@code --wasm} the WebAssembly build of the same module), opens
 * accounts on the first run, sends transfers from many concurrent callers (each answered only once
 * durable), and prints balances. Run it twice: the second run starts from the first run's state.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a single-node demo: the bank example module on a node over the binary log.",
      "Run it twice: the second run recovers the state of the first from the log."
    })
public final class DemoCommand implements Callable<Integer> {
  private static final long OPENING_BALANCE = 1_000;

  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      description = "Data directory (default: data/demo, or data/demo-wasm with --wasm).")
  Path dataDir;

  @Option(
      names = "--wasm",
      description =
          "Run the bank as the WebAssembly module built from modules/examples/bank-wasm (C,"
              + " compiled by Chicory) instead of the Java class.")
  boolean wasm;

  @Option(
      names = "--accounts",
      defaultValue = "100",
      description = "Accounts opened on the first run (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--transfers",
      defaultValue = "20000",
      description = "Transfers per run (default: ${DEFAULT-VALUE}).")
  int transfers;

  @Option(
      names = "--callers",
      defaultValue = "200",
      description = "Concurrent callers (default: ${DEFAULT-VALUE}).")
  int callers;

  @Override
  public Integer call() {
    if (accounts < 2 || transfers < 0 || callers < 1) {
      throw new IllegalArgumentException(
          "--accounts must be >= 2, --transfers >= 0 and --callers >= 1");
    }
    if (dataDir == null) {
      dataDir = Path.of(wasm ? "data/demo-wasm" : "data/demo");
    }
    var out = spec.commandLine().getOut();
    out.printf("interstice demo: data directory %s%n", dataDir.toAbsolutePath());
    long started = System.nanoTime();
    try (var node = IntersticeNode.builder().dataDir(dataDir).start()) {
      out.printf("node started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
      var info = wasm ? node.deployWasm(bankWasm()) : node.deploy(Bank.class);
      out.printf(
          "module bank (%s)%n",
          wasm ? "WebAssembly, " + info.schema().name() + " from bank.wasm" : "Java class Bank");
      out.printf(
          "module bank: recovered %d transactions from the log (%d events replayed) in %d ms%n",
          info.recovery().recoveredTransactions(),
          info.recovery().replayedEvents(),
          info.recovery().millis());
      long existing = node.rows("bank", "accounts").size();
      if (existing == 0) {
        openAccounts(node);
        out.printf("opened %d accounts with %d each%n", accounts, OPENING_BALANCE);
      } else {
        out.printf("found %d accounts from earlier runs%n", existing);
      }
      runTransfers(node, node.rows("bank", "accounts").size());
      printBalances(node);
      out.printf(
          "the log now holds %d transactions; run the demo again to see them recovered%n",
          node.describe("bank").lastTxId());
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** The WASM bank example, packaged with the CLI from modules/examples/bank-wasm. */
  private static byte[] bankWasm() {
    try (var in = DemoCommand.class.getResourceAsStream("bank.wasm")) {
      if (in == null) {
        throw new IllegalStateException("bank.wasm is missing from the CLI's class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void openAccounts(IntersticeNode node) {
    var opened = new ArrayList<CompletableFuture<TxReceipt>>();
    for (int i = 1; i <= accounts; i++) {
      opened.add(
          node.callAsync("bank", "open", Args.Values.of("user-" + i, OPENING_BALANCE))
              .toCompletableFuture());
    }
    CompletableFuture.allOf(opened.toArray(CompletableFuture[]::new)).join();
  }

  private void runTransfers(IntersticeNode node, long accountCount) {
    var out = spec.commandLine().getOut();
    var committed = new AtomicLong();
    var refused = new AtomicLong();
    var remaining = new AtomicLong(transfers);
    long start = System.nanoTime();
    var loops = new ArrayList<CompletableFuture<Void>>();
    for (int c = 0; c < callers; c++) {
      var random = new SplittableRandom(c);
      loops.add(nextTransfer(node, accountCount, random, remaining, committed, refused));
    }
    CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
    double seconds = Math.max((System.nanoTime() - start) / 1e9, 1e-9);
    out.printf(
        "%d transfers from %d concurrent callers in %.2f s (%.0f/s), each acknowledged only after"
            + " fsync: %d committed, %d refused (insufficient funds)%n",
        transfers, callers, seconds, transfers / seconds, committed.get(), refused.get());
  }

  /** One caller: sends a transfer, and the next when it is answered, until none remain. */
  private static CompletableFuture<Void> nextTransfer(
      IntersticeNode node,
      long accountCount,
      SplittableRandom random,
      AtomicLong remaining,
      AtomicLong committed,
      AtomicLong refused) {
    if (remaining.getAndDecrement() <= 0) {
      return CompletableFuture.completedFuture(null);
    }
    long from = 1 + random.nextLong(accountCount);
    long to = 1 + (from + random.nextLong(accountCount - 1)) % accountCount;
    long amount = 1 + random.nextLong(200);
    return node.callAsync("bank", "transfer", Args.Values.of(from, to, amount))
        .handle(
            (receipt, error) -> {
              if (error == null) {
                committed.incrementAndGet();
              } else if (isRefusal(error)) {
                refused.incrementAndGet();
              } else {
                throw new CompletionException(error);
              }
              return null;
            })
        .thenCompose(
            ignored -> nextTransfer(node, accountCount, random, remaining, committed, refused))
        .toCompletableFuture();
  }

  private static boolean isRefusal(Throwable error) {
    var cause = error instanceof CompletionException ? error.getCause() : error;
    return cause instanceof CallFailedException failed && failed.kind() == ErrorKind.REDUCER_FAILED;
  }

  private void printBalances(IntersticeNode node) {
    var out = spec.commandLine().getOut();
    List<Object[]> rows = node.rows("bank", "accounts");
    long total = 0;
    for (var row : rows) {
      total += (Long) row[2];
    }
    for (int i = 0; i < Math.min(rows.size(), 5); i++) {
      var row = rows.get(i);
      out.printf("  account %d (%s): balance %d%n", (Long) row[0], row[1], (Long) row[2]);
    }
    if (rows.size() > 5) {
      out.printf("  ... and %d more accounts%n", rows.size() - 5);
    }
    out.printf("total of all balances: %d (transfers move money, never create it)%n", total);
  }
}
