package io.interstice.tests.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.node.IntersticeNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ten hostile WebAssembly modules, each with five calls that loop until the time limit, beside a
 * healthy Java bank: the bank's calls keep a bounded latency, and every looping call is answered
 * with a trap naming the limit. The ratio that matters (a healthy p99 under 100 ms) is measured by
 * {@code bench/} ({@code FairShareBench}); this test holds the line against the failure it replaces
 * — callers of healthy modules waiting seconds behind other modules' loops — with a margin that a
 * slow machine cannot break.
 */
class FairShareTest {
  static final int HOSTILE_MODULES = Integer.getInteger("fair.hostile", 10);
  static final int LOOPS_PER_MODULE = 5;
  static final int HEALTHY_CALLS = 150;

  @TempDir Path dir;

  @Test
  void shouldKeepAHealthyModuleResponsiveWhileOthersLoop() throws Exception {
    var config = "interstice.wasm.max-call-time = 1s";
    try (var node = IntersticeNode.builder().dataDir(dir).config(config).start()) {
      node.deploy(Bank.class);
      node.call("bank", "open", "alice", 1_000_000L);
      node.call("bank", "open", "bob", 0L);
      var hostile =
          Files.readAllBytes(Path.of("..", "actors", "src", "test", "wasm", "hostile.wasm"));
      for (int m = 0; m < HOSTILE_MODULES; m++) {
        node.deployWasm(renamed(hostile, m));
      }
      var loops = new ArrayList<CompletableFuture<?>>();
      for (int call = 0; call < LOOPS_PER_MODULE; call++) {
        for (int m = 0; m < HOSTILE_MODULES; m++) {
          loops.add(node.callAsync("hostil" + m, "spin").toCompletableFuture());
        }
      }
      Thread.sleep(200); // the loops hold their threads
      long[] micros = new long[HEALTHY_CALLS];
      for (int i = 0; i < HEALTHY_CALLS; i++) {
        long start = System.nanoTime();
        node.call("bank", "transfer", 1L, 2L, 1L);
        micros[i] = (System.nanoTime() - start) / 1_000;
        Thread.sleep(10);
      }
      for (var loop : loops) {
        var failure = assertThrowsCompletion(loop);
        assertEquals(ErrorKind.MODULE_FAILED, failure.kind(), failure.getMessage());
        var message = failure.getMessage();
        assertTrue(
            message.contains("(interstice.wasm.max-call-time)")
                || message.contains("(interstice.wasm.max-long-calls)"),
            message);
        assertTrue(!message.contains("io.interstice.") && !message.contains("chicory"), message);
      }
      Arrays.sort(micros);
      long p99 = micros[HEALTHY_CALLS * 99 / 100];
      long max = micros[HEALTHY_CALLS - 1];
      System.out.printf(
          "healthy bank transfers beside 10 looping modules: p50 %d µs, p99 %d µs, max %d µs%n",
          micros[HEALTHY_CALLS / 2], p99, max);
      assertTrue(p99 < 1_000_000, "p99 " + p99 + " µs");
      assertEquals((long) HEALTHY_CALLS, node.rows("bank", "accounts").get(1)[2]);
    }
  }

  /** The hostile guest under the name {@code hostil<n>} (the name is in its data once). */
  static byte[] renamed(byte[] wasm, int n) {
    var from = "hostile".getBytes(StandardCharsets.US_ASCII);
    var to = ("hostil" + n).getBytes(StandardCharsets.US_ASCII);
    var copy = wasm.clone();
    int found = -1;
    for (int i = 0; i + from.length <= copy.length; i++) {
      if (Arrays.equals(copy, i, i + from.length, from, 0, from.length)) {
        assertEquals(-1, found, "the name appears once");
        found = i;
      }
    }
    assertTrue(found >= 0);
    System.arraycopy(to, 0, copy, found, to.length);
    return copy;
  }

  private static CallFailedException assertThrowsCompletion(CompletableFuture<?> call)
      throws Exception {
    try {
      call.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      var cause = e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
      if (cause instanceof CallFailedException failed) {
        return failed;
      }
      throw e;
    }
    throw new AssertionError("the looping call succeeded");
  }
}
