package io.interstice.sdk.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wasm.ChicoryException;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.value.Type;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * What the Rust SDK adds to the examples' checks in {@link ExampleGuestsTest}, on the committed
 * {@code hello-rust/hello.wasm} and a stub host: query output, panics as traps with their message
 * logged, and a memory that stays flat when one instance serves many calls (as the host does until
 * a trap).
 */
class RustExampleGuestTest {
  private static final Path HELLO_RUST = Path.of("..", "examples", "hello-rust", "hello.wasm");

  private static final int HELLO_REDUCER = 1;
  private static final int GREETING_QUERY = 0;

  /** Enough calls that leaking even a few bytes per call would grow the memory by many pages. */
  private static final int MANY_CALLS = 30_000;

  @Test
  void shouldAnswerNoneForAMissingGreeting() {
    var host = StubHost.load(HELLO_RUST);

    int status = host.callQuery(GREETING_QUERY, RowCodec.encodeValue(Type.i64(), 7L));

    assertEquals(StubHost.STATUS_OK, status);
    assertArrayEquals(new byte[] {0}, host.output());
  }

  @Test
  void shouldTrapOnAPanicAndLogItsMessage() {
    var host = StubHost.load(HELLO_RUST);

    assertThrows(ChicoryException.class, () -> host.callReducer(7, new byte[0]));

    assertEquals(1, host.logged.size());
    var logged = host.logged.get(0);
    assertTrue(logged.contains("the host called unknown reducer 7"), logged);
  }

  @Test
  void shouldKeepItsMemoryFlatOverManyCallsOnOneInstance() {
    var host = StubHost.load(HELLO_RUST);
    var key = RowCodec.encodeValue(Type.i64(), 1L);
    host.callReducer(HELLO_REDUCER, name("warm"));
    int pages = host.memoryPages();

    for (int i = 0; i < MANY_CALLS; i++) {
      assertEquals(StubHost.STATUS_OK, host.callReducer(HELLO_REDUCER, name("n" + i)));
      assertEquals(1, host.callReducer(HELLO_REDUCER, new byte[] {0}));
      assertEquals(StubHost.STATUS_OK, host.callQuery(GREETING_QUERY, key));
    }

    assertEquals(pages, host.memoryPages(), "memory pages after " + MANY_CALLS + " calls");
    assertEquals(MANY_CALLS + 1, host.inserted.size());
  }

  /** The arguments of {@code hello(name)}. */
  private static byte[] name(String name) {
    return RowCodec.encodeValue(Type.string(), name);
  }
}
