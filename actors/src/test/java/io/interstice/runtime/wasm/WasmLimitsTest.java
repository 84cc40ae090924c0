package io.interstice.runtime.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.node.IntersticeNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Hostile guests ({@code src/test/wasm/hostile.c}) on real nodes, on both engines: every limit and
 * ABI breach traps only its own call, with an error naming it, leaves every table as it was, and
 * the node goes on serving that module and others.
 */
class WasmLimitsTest {
  private static final Path GUESTS = Path.of("src", "test", "wasm");
  private static final Path EXAMPLES = Path.of("..", "modules", "examples");

  @TempDir Path dir;

  static byte[] guest(String name) throws IOException {
    return Files.readAllBytes(GUESTS.resolve(name + ".wasm"));
  }

  private static String config(WasmSettings.Engine engine) {
    return "interstice.wasm { engine = "
        + engine.name().toLowerCase(java.util.Locale.ROOT)
        + ", max-call-time = 300ms, max-memory-pages = 32, max-call-depth = 200 }";
  }

  private static List<String> notes(IntersticeNode node) {
    var notes = new ArrayList<String>();
    for (var row : node.rows("hostile", "items")) {
      notes.add((String) row[1]);
    }
    return notes;
  }

  private static String trap(IntersticeNode node, String reducer, Object... args) {
    var failure =
        assertThrows(CallFailedException.class, () -> node.call("hostile", reducer, args));
    assertEquals(ErrorKind.MODULE_FAILED, failure.kind(), failure.getMessage());
    assertTrue(
        failure.getMessage().contains("module hostile reducer " + reducer + " trapped"),
        failure.getMessage());
    return failure.getMessage();
  }

  /** Waits for the background compiler, so that the next instance runs compiled code. */
  static void awaitCompiled() {
    try {
      assertTrue(WasmEngine.awaitCompilations(java.time.Duration.ofSeconds(60)));
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertContains(String expected, String actual) {
    assertTrue(actual.contains(expected), () -> "expected \"" + expected + "\" in: " + actual);
  }

  @ParameterizedTest
  @EnumSource(WasmSettings.Engine.class)
  void shouldTrapEveryHostileCallAndKeepServing(WasmSettings.Engine engine) throws IOException {
    long compiledBefore = WasmEngine.compilations();
    List<String> expected;
    try (var node = IntersticeNode.builder().dataDir(dir).config(config(engine)).start()) {
      node.deployWasm(guest("hostile"));
      node.deployWasm(Files.readAllBytes(EXAMPLES.resolve("hello-wasm").resolve("hello.wasm")));
      node.call("hostile", "add", "first");
      node.call("hostile", "recurse", 150L);

      assertContains(
          "exceeded the time limit of 300 ms (interstice.wasm.max-call-time)", trap(node, "spin"));
      assertContains(
          "exceeded the time limit of 300 ms (interstice.wasm.max-call-time)",
          trap(node, "nested_loop"));
      assertContains(
          "exceeded the memory limit of 32 pages of 64 KiB (interstice.wasm.max-memory-pages)",
          trap(node, "bomb"));
      assertContains(
          "exceeded the call depth limit of 200 nested calls (interstice.wasm.max-call-depth)",
          trap(node, "recurse", 100_000L));
      assertContains(
          "exceeded the call depth limit of 200 nested calls (interstice.wasm.max-call-depth)",
          trap(node, "plunge", 100_000L));
      assertContains("unreachable", trap(node, "half", 50L).toLowerCase(java.util.Locale.ROOT));
      assertContains("unknown table 1", trap(node, "foreign"));
      assertContains("more than 256 iterators open at once", trap(node, "iterators"));

      node.call("hostile", "add", "last");
      node.call("hello", "hello", "still here");
      expected = List.of("first", "recursed 150", "last");
      assertEquals(expected, notes(node));
      assertEquals(3L, node.query("hostile", "count"));
      assertEquals(1, node.rows("hello", "greetings").size());
    }
    if (engine == WasmSettings.Engine.COMPILED) {
      assertTrue(WasmEngine.compilations() > compiledBefore, "the compiled engine compiled");
    }
    try (var node = IntersticeNode.builder().dataDir(dir).config(config(engine)).start()) {
      assertEquals(expected, notes(node), "the log holds nothing of the trapped calls");
      node.call("hostile", "add", "after restart");
      assertEquals(4L, node.query("hostile", "count"));
    }
  }

  @ParameterizedTest
  @EnumSource(WasmSettings.Engine.class)
  void shouldTrapWhenTheHostStackRunsOutBeforeTheDepthLimit(WasmSettings.Engine engine)
      throws IOException {
    var hocon =
        "interstice.wasm { engine = "
            + engine.name().toLowerCase(java.util.Locale.ROOT)
            + ", max-call-depth = 100000000 }";
    try (var node = IntersticeNode.builder().dataDir(dir).config(hocon).start()) {
      node.deployWasm(guest("hostile"));
      node.call("hostile", "add", "first");
      assertContains("call stack exhausted", trap(node, "plunge", 50_000_000L));
      node.call("hostile", "add", "second");
      assertEquals(List.of("first", "second"), notes(node));
    }
  }

  @Test
  void shouldRefuseTailCallsWhichTheInterpreterCannotStop() throws IOException {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      var refused =
          assertThrows(CallFailedException.class, () -> node.deployWasm(guest("tail-call")));
      assertEquals(ErrorKind.BAD_MODULE, refused.kind());
      assertContains("uses tail calls (return_call in function", refused.getMessage());
      assertThrows(CallFailedException.class, () -> node.describe("quirk"));
    }
  }

  @ParameterizedTest
  @EnumSource(WasmSettings.Engine.class)
  void shouldRunAtomicInstructionsOnUnsharedMemory(WasmSettings.Engine engine) throws IOException {
    try (var node = IntersticeNode.builder().dataDir(dir).config(config(engine)).start()) {
      node.deployWasm(guest("atomics"));
      node.call("quirk", "hello", "x");
      node.call("quirk", "hello", "y");
    }
  }

  @ParameterizedTest
  @EnumSource(WasmSettings.Engine.class)
  void shouldNotCountCaughtExceptionsAgainstLaterCalls(WasmSettings.Engine engine)
      throws IOException {
    var hocon = config(engine).replace("max-call-depth = 200", "max-call-depth = 5");
    try (var node = IntersticeNode.builder().dataDir(dir).config(hocon).start()) {
      node.deployWasm(guest("caught-exception"));
      for (int i = 0; i < 20; i++) {
        node.call("quirk", "hello", "call " + i);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(WasmSettings.Engine.class)
  void shouldTrapAnUncaughtExceptionWithAClearMessageAndGoOnServing(WasmSettings.Engine engine)
      throws IOException {
    try (var node = IntersticeNode.builder().dataDir(dir).config(config(engine)).start()) {
      node.deployWasm(guest("uncaught-exception"));
      for (int i = 0; i < 3; i++) {
        var failure =
            assertThrows(CallFailedException.class, () -> node.call("quirk", "hello", "x"));
        assertEquals(ErrorKind.MODULE_FAILED, failure.kind());
        assertContains(
            "threw a WebAssembly exception (tag 0) that nothing caught", failure.getMessage());
        assertFalse(failure.getMessage().contains("chicory"), failure.getMessage());
      }
      assertEquals(0, node.rows("quirk", "greetings").size(), "a trapped call changed nothing");
    }
  }

  @ParameterizedTest
  @EnumSource(WasmSettings.Engine.class)
  void shouldWeighCompiledFunctionsByTheirLocals(WasmSettings.Engine engine) throws IOException {
    try (var node = IntersticeNode.builder().dataDir(dir).config(config(engine)).start()) {
      node.deployWasm(guest("fat-frames"));
      if (engine == WasmSettings.Engine.COMPILED) {
        awaitCompiled();
        var failure =
            assertThrows(CallFailedException.class, () -> node.call("quirk", "hello", "x"));
        assertContains("exceeded the call depth limit of 200", failure.getMessage());
      } else {
        node.call("quirk", "hello", "x");
      }
    }
  }

  @Test
  void shouldRefuseAModuleDeclaringMoreMemoryThanTheLimit() throws IOException {
    var hello = Files.readAllBytes(EXAMPLES.resolve("hello-wasm").resolve("hello.wasm"));
    try (var node =
        IntersticeNode.builder()
            .dataDir(dir)
            .config("interstice.wasm.max-memory-pages = 1")
            .start()) {
      var refused = assertThrows(CallFailedException.class, () -> node.deployWasm(hello));
      assertEquals(ErrorKind.BAD_MODULE, refused.kind());
      assertContains("initial memory pages, more than the limit of 1", refused.getMessage());
      assertContains("interstice.wasm.max-memory-pages", refused.getMessage());
    }
  }

  @Test
  void shouldRefuseABinaryLargerThanTheLimit() throws IOException {
    var hello = Files.readAllBytes(EXAMPLES.resolve("hello-wasm").resolve("hello.wasm"));
    try (var node =
        IntersticeNode.builder()
            .dataDir(dir)
            .config("interstice.wasm.max-module-size = 1KiB")
            .start()) {
      var refused = assertThrows(CallFailedException.class, () -> node.deployWasm(hello));
      assertEquals(ErrorKind.BAD_MODULE, refused.kind());
      assertContains(
          hello.length + " bytes, more than the limit of 1024 (interstice.wasm.max-module-size)",
          refused.getMessage());
    }
  }
}
