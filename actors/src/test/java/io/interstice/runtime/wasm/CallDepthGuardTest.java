package io.interstice.runtime.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.Parser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The binary rewrite of the compiled engine's depth limit keeps a module's behaviour, with or
 * without a global section of its own ({@code src/test/wasm/guard-*.wat}), and traps one call past
 * the limit.
 */
class CallDepthGuardTest {
  private static final int LIMIT = 50;

  private static Instance compiled(String fixture, CallDepthGuard.Guarded[] guarded)
      throws IOException {
    var bytes = Files.readAllBytes(Path.of("src", "test", "wasm", fixture + ".wasm"));
    guarded[0] = CallDepthGuard.instrument(bytes, Parser.parse(bytes), LIMIT);
    var module = Parser.parse(guarded[0].bytes());
    return Instance.builder(module)
        .withMachineFactory(MachineFactoryCompiler.compile(module))
        .build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"guard-globals", "guard-no-globals"})
  void shouldKeepWhatEveryFunctionDoes(String fixture) throws IOException {
    var guarded = new CallDepthGuard.Guarded[1];
    var instance = compiled(fixture, guarded);
    assertEquals(5, instance.export("run").apply()[0], "data, a table call, a direct call");
    assertArrayEquals(new long[] {3, 5}, instance.export("mv").apply(3), "multi-value");
    var many = new long[140];
    many[139] = 99;
    assertEquals(99, instance.export("big").apply(many)[0], "140 parameters");
    assertEquals(2, instance.export("f149").apply(1)[0]);
    assertEquals(LIMIT - 2, instance.export("down").apply(LIMIT - 2)[0], "deep, within the limit");
    assertEquals(0, CallDepthGuard.depth(instance, guarded[0].depthGlobal()), "all returned");
  }

  @ParameterizedTest
  @ValueSource(strings = {"guard-globals", "guard-no-globals"})
  void shouldTrapOneCallPastTheLimit(String fixture) throws IOException {
    var guarded = new CallDepthGuard.Guarded[1];
    var instance = compiled(fixture, guarded);
    // down(n) makes n + 1 nested calls.
    assertEquals(LIMIT - 1, instance.export("down").apply(LIMIT - 1)[0]);
    var trap = assertThrows(TrapException.class, () -> instance.export("down").apply(LIMIT));
    assertTrue(trap.getMessage().contains("unreachable"), trap.getMessage());
    assertTrue(CallDepthGuard.trapped(instance, guarded[0].depthGlobal()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"guard-globals", "guard-no-globals"})
  void shouldCountAFunctionWithManyLocalsAsSeveralCalls(String fixture) throws IOException {
    var guarded = new CallDepthGuard.Guarded[1];
    var instance = compiled(fixture, guarded);
    // big has 140 parameters: it weighs 1 + 140 / 64 = 3 calls.
    assertEquals(3, CallDepthGuard.weight(140));
    var many = new long[140];
    assertEquals(0, instance.export("big").apply(many)[0]);
    assertEquals(0, CallDepthGuard.depth(instance, guarded[0].depthGlobal()));
    instance.global(guarded[0].depthGlobal()).setValue(LIMIT - 3);
    instance.export("big").apply(many);
    instance.global(guarded[0].depthGlobal()).setValue(LIMIT - 2);
    assertThrows(TrapException.class, () -> instance.export("big").apply(many));
    assertTrue(CallDepthGuard.trapped(instance, guarded[0].depthGlobal()));
  }
}
