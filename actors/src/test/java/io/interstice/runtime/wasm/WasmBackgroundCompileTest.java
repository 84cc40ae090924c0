package io.interstice.runtime.wasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.code.ModuleLimits;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.sdk.schema.SchemaCodec;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compilation runs in the background: a module's calls are interpreted until its compiled form is
 * ready, a compilation over its time budget leaves the module visibly on the interpreter, and a
 * large module's first call does not wait for its compilation.
 */
class WasmBackgroundCompileTest {
  @TempDir Path dir;

  private static WasmSettings settings(String config) {
    return WasmSettings.fromConfig(ConfigFactory.parseString(config).withFallback(defaults()));
  }

  private static com.typesafe.config.Config defaults() {
    return ConfigFactory.defaultReference();
  }

  /** A guest of {@code functions} functions of about 200 bytes each, named {@code name}. */
  private static byte[] large(String name, int functions) {
    var code = new ByteArrayOutputStream();
    for (int i = 0; i < 66; i++) {
      code.writeBytes(new byte[] {0x41, (byte) (i & 0x3F), 0x1A}); // i32.const i; drop
    }
    code.writeBytes(new byte[] {0x41, 0x00});
    return new GuestBinary()
        .schema(SchemaCodec.encode(GuestBinary.schema(name)))
        .functions(functions, code.toByteArray())
        .build();
  }

  @Test
  void shouldRunOnTheInterpreterUntilTheCompiledFormIsReady() throws InterruptedException {
    var module =
        WasmModuleLoader.load(
            new ModuleCode.Wasm(large("growing", 3000)), settings(""), ModuleLimits.defaults());
    assertTrue(
        module.engine().equals("interpreter (compiling)") || module.engine().equals("compiled"),
        module.engine());
    assertTrue(WasmEngine.awaitCompilations(Duration.ofSeconds(60)));
    assertEquals("compiled", module.engine());
  }

  @Test
  void shouldStayOnTheInterpreterWhenCompilingTakesTooLong() throws InterruptedException {
    var module =
        WasmModuleLoader.load(
            new ModuleCode.Wasm(large("slow", 4000)),
            settings("interstice.wasm.compile-timeout = 1ms"),
            ModuleLimits.defaults());
    assertTrue(WasmEngine.awaitCompilations(Duration.ofSeconds(60)));
    assertEquals(
        "interpreter (compile timed out after 1 ms (interstice.wasm.compile-timeout))",
        module.engine());
  }

  @Test
  void shouldNameTheInterpreterEngine() {
    var module =
        WasmModuleLoader.load(
            new ModuleCode.Wasm(large("plain", 10)),
            settings("interstice.wasm.engine = interpreter"),
            ModuleLimits.defaults());
    assertEquals("interpreter", module.engine());
  }

  @Test
  void shouldAnswerTheFirstCallOfALargeModuleWithoutWaitingForItsCompilation() {
    var binary = large("big", 9500);
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deployWasm(binary);
      long started = System.nanoTime();
      node.call("big", "add");
      var took = Duration.ofNanos(System.nanoTime() - started);
      assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "the first call took " + took);
    }
  }
}
