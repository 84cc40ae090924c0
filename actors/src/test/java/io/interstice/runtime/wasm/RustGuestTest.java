package io.interstice.runtime.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.TxReceipt;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.StructValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rust modules built with the Rust guest SDK, deployed on a real node: the example {@code
 * hello-rust} (the behaviour of the C hello, its query, recovery, many calls in one node) and the
 * test module {@code sdk_check}, which reaches every import and codec of the SDK.
 */
class RustGuestTest {
  private static final Path HELLO_RUST =
      Path.of("..", "modules", "examples", "hello-rust", "hello.wasm");
  private static final Path SDK_CHECK =
      Path.of("..", "modules", "wasm-sdk", "rust", "check", "check.wasm");
  private static final String MODULE = "hello_rust";

  /** Enough calls to run a guest out of memory if the SDK leaked on every call. */
  private static final int MANY_CALLS = 20_000;

  /** Calls in flight at once, well inside the node's ask timeout. */
  private static final int BATCH = 1_000;

  @TempDir Path dir;

  private static byte[] helloRust() throws IOException {
    return Files.readAllBytes(HELLO_RUST);
  }

  private static List<List<Object>> greetings(IntersticeNode node) {
    var rows = new ArrayList<List<Object>>();
    for (var row : node.rows(MODULE, "greetings")) {
      rows.add(Arrays.asList(row));
    }
    return rows;
  }

  @Test
  void shouldGreetRefuseAndRecoverLikeTheCHello() throws IOException {
    var expected =
        List.of(
            List.<Object>of(1L, "world", "Hello, world!"),
            List.<Object>of(2L, "rust", "Hello, rust!"));
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      var info = node.deployWasm(helloRust());
      assertEquals(MODULE, info.schema().name());
      node.call(MODULE, "hello", "world");
      node.call(MODULE, "hello", "rust");

      var refused = assertThrows(CallFailedException.class, () -> node.call(MODULE, "hello", ""));
      assertEquals(ErrorKind.REDUCER_FAILED, refused.kind());
      assertEquals("name must not be empty", refused.getMessage());

      assertEquals(expected, greetings(node));
      assertEquals("Hello, rust!", node.query(MODULE, "greeting", 2L));
      assertNull(node.query(MODULE, "greeting", 9L));
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      assertEquals(expected, greetings(node));
      assertEquals("Hello, world!", node.query(MODULE, "greeting", 1L));
      node.call(MODULE, "hello", "again");
      assertEquals(List.of(3L, "again", "Hello, again!"), greetings(node).get(2));
    }
  }

  @Test
  void shouldKeepServingThroughManyCallsInOneNode() throws IOException {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deployWasm(helloRust());
      for (int start = 0; start < MANY_CALLS; start += BATCH) {
        var calls = new ArrayList<CompletableFuture<TxReceipt>>();
        for (int i = start; i < start + BATCH; i++) {
          calls.add(node.callAsync(MODULE, "hello", "n" + i).toCompletableFuture());
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
      }
      var refused = assertThrows(CallFailedException.class, () -> node.call(MODULE, "hello", ""));
      assertEquals("name must not be empty", refused.getMessage());

      var rows = node.rows(MODULE, "greetings");
      assertEquals(MANY_CALLS, rows.size());
      assertEquals(
          List.of((long) MANY_CALLS, "n" + (MANY_CALLS - 1), "Hello, n" + (MANY_CALLS - 1) + "!"),
          Arrays.asList(rows.get(MANY_CALLS - 1)));
      assertEquals("Hello, n0!", node.query(MODULE, "greeting", 1L));
    }
  }

  @Test
  void shouldReachEveryImportThroughTheSdk() throws Exception {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deployWasm(helloRust());
      node.deployWasm(Files.readAllBytes(SDK_CHECK));
      node.call("sdk_check", "add", "a", 1, List.of("x", "y"));
      node.call("sdk_check", "add", "b", 5, List.of());
      node.call("sdk_check", "add", "c", 9, List.of("z"));
      var taken =
          assertThrows(
              CallFailedException.class, () -> node.call("sdk_check", "add", "a", 3, List.of()));
      assertEquals(ErrorKind.REDUCER_FAILED, taken.kind());
      assertTrue(taken.getMessage().contains("by_name"), taken.getMessage());
      node.call("sdk_check", "bump", 2L);
      node.call("sdk_check", "remove", 3L);
      var missing =
          assertThrows(CallFailedException.class, () -> node.call("sdk_check", "remove", 3L));
      assertEquals("no item 3", missing.getMessage());

      assertEquals(List.of("a", ">b", "*a", "*b"), node.query("sdk_check", "scores", 0, 6));
      var bumped = StructValue.of(2L, "b", 6, List.of(), Double.NaN, blob(), null);
      assertEquals(bumped, node.query("sdk_check", "by_name", "b"));
      assertNull(node.query("sdk_check", "by_name", "nobody"));
      var all = (List<?>) node.query("sdk_check", "all");
      assertEquals(2, all.size());
      assertEquals(
          List.of(1L, "a", 1, List.of("x", "y"), 0.5, blob()),
          ((StructValue) all.get(0)).fields().subList(0, 6));
      assertEquals(bumped, all.get(1));
      assertEquals("local", node.query("sdk_check", "who"));

      node.call("sdk_check", "later");
      await(() -> node.rows("sdk_check", "items").size() == 3, "tick(7) ran");
      await(() -> node.rows(MODULE, "greetings").size() == 1, "the call to hello_rust ran");
      assertEquals(
          List.of(4L, "tick7", 100, List.of(), 1.0, Bytes.empty()),
          Arrays.asList(node.rows("sdk_check", "items").get(2)).subList(0, 6));
      assertEquals("Hello, sdk_check!", node.rows(MODULE, "greetings").get(0)[2]);
      Thread.sleep(1_000); // the cancelled tick(8) was due with tick(7)
      assertEquals(3, node.rows("sdk_check", "items").size());
    }
  }

  private static Bytes blob() {
    return Bytes.of(new byte[] {1, 2, 3});
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
      Thread.sleep(50);
    }
  }
}
