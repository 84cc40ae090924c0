package io.interstice.runtime.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeNode;
import io.interstice.runtime.TxReceipt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Rust example {@code hello-rust}, built with the Rust guest SDK, deployed on a real node: the
 * same behaviour as the C hello, its query, recovery, and many calls in one node.
 */
class RustGuestTest {
  private static final Path HELLO_RUST =
      Path.of("..", "modules", "examples", "hello-rust", "hello.wasm");
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
}
