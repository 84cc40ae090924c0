package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.testmodules.Inventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits every deploy runs under, for Java and WebAssembly modules alike: a schema larger than
 * {@code interstice.module.limits} allows is refused, and loading the code has a time budget, so
 * that a deploy always answers.
 */
class DeployLimitsTest {
  @TempDir Path dir;

  @Test
  void shouldRefuseAJavaModuleWithMoreReducersThanTheLimit() {
    try (var node =
        IntersticeNode.builder()
            .dataDir(dir)
            .config("interstice.module.limits.max-reducers = 2")
            .start()) {
      var failure = assertThrows(CallFailedException.class, () -> node.deploy(Inventory.class));
      assertEquals(ErrorKind.BAD_MODULE, failure.kind());
      assertTrue(
          failure.getMessage().contains("(interstice.module.limits.max-reducers)"),
          failure.getMessage());
    }
  }

  @Test
  void shouldRefuseADeployWhoseLoadingOutlastsItsBudget() throws IOException {
    var hello =
        Files.readAllBytes(Path.of("..", "modules", "examples", "hello-wasm", "hello.wasm"));
    try (var node =
        IntersticeNode.builder()
            .dataDir(dir)
            .config("interstice.module.limits.deploy-time = 1ms")
            .start()) {
      var failure = assertThrows(CallFailedException.class, () -> node.deployWasm(hello));
      assertEquals(ErrorKind.BAD_MODULE, failure.kind());
      assertTrue(
          failure.getMessage().contains("longer than 1 ms (interstice.module.limits.deploy-time)"),
          failure.getMessage());
    }
  }
}
