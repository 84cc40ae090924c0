package io.interstice.tests.hostile;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.tests.modules.Hoard;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link OutOfMemoryMidReducerTest}, run with a small heap. In phase {@code
 * attack} it deploys {@link Hoard} and the bank, then sends {@code hoard} calls that insert rows
 * together with one whose reducer exhausts the heap after inserting, all at once so that they share
 * a batch; in phase {@code verify} (a new JVM on the same data directory) it only reads. It reports
 * on stdout, one line each:
 *
 * <pre>
 * ACK &lt;id&gt;                 the call inserting row id was acknowledged
 * FAILED &lt;id&gt; &lt;kind&gt; &lt;msg&gt;  it was refused or failed
 * ROWS &lt;id&gt;,&lt;id&gt;,…         the rows of hoard.items
 * BANK &lt;balance&gt;            the balance of a bank account after a transfer (a healthy neighbour)
 * DONE
 * </pre>
 */
public final class HoardNode {
  /** Rows inserted by plain calls around the hostile one. */
  static final int CALLS = 40;

  /** The id of the row the hostile call inserts before it exhausts the heap. */
  static final long HOSTILE_ID = 1_000;

  private static final PrintStream OUT = System.out;

  private HoardNode() {}

  public static void main(String[] args) throws Exception {
    var dataDir = Path.of(args[0]);
    boolean attack = args[1].equals("attack");
    try (var node = IntersticeNode.builder().dataDir(dataDir).start()) {
      if (attack) {
        node.deploy(Hoard.class);
        node.deploy(Bank.class);
        node.call("bank", "open", "alice", 100L);
        node.call("bank", "open", "bob", 0L);
        attack(node);
      } else {
        report(node, node.call("hoard", "put", (long) CALLS + 1));
      }
      rows(node);
      node.call("bank", "transfer", 1L, 2L, 1L);
      OUT.println("BANK " + node.rows("bank", "accounts").get(1)[2]);
      OUT.println("DONE");
      OUT.flush();
    }
    System.exit(0);
  }

  private static void attack(IntersticeNode node) throws Exception {
    var calls = new ArrayList<CompletableFuture<?>>();
    var ids = new ArrayList<Long>();
    for (long id = 1; id <= CALLS; id++) {
      if (id == CALLS / 2) {
        ids.add(HOSTILE_ID);
        calls.add(node.callAsync("hoard", "put_then_hoard", HOSTILE_ID).toCompletableFuture());
      }
      ids.add(id);
      calls.add(node.callAsync("hoard", "put", id).toCompletableFuture());
    }
    for (int i = 0; i < calls.size(); i++) {
      try {
        calls.get(i).get(60, TimeUnit.SECONDS);
        OUT.println("ACK " + ids.get(i));
      } catch (java.util.concurrent.ExecutionException e) {
        var cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
        if (cause instanceof CallFailedException failed) {
          OUT.println("FAILED " + ids.get(i) + " " + failed.kind() + " " + oneLine(failed));
        } else {
          OUT.println("FAILED " + ids.get(i) + " OTHER " + oneLine(cause));
        }
      }
    }
  }

  private static void report(IntersticeNode node, Object receipt) {
    OUT.println("ACK " + (CALLS + 1) + " " + receipt);
  }

  private static void rows(IntersticeNode node) {
    var ids = new TreeSet<Long>();
    for (var row : node.rows("hoard", "items")) {
      ids.add((Long) row[0]);
    }
    OUT.println("ROWS " + String.join(",", ids.stream().map(String::valueOf).toList()));
  }

  private static String oneLine(Throwable e) {
    return String.valueOf(e.getMessage()).replace('\n', ' ');
  }
}
