package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.node.IntersticeNode;
import io.interstice.runtime.testmodules.Inventory;
import io.interstice.runtime.wasm.GuestBinaries;
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
  void shouldRefuseADeployWhoseLoadingOutlastsItsBudget() {
    // Describing counts to three million on the interpreter: far longer than 20 ms.
    var slow = GuestBinaries.slowToDescribe(3_000_000);
    try (var node =
        IntersticeNode.builder()
            .dataDir(dir)
            .config(
                "interstice.module.limits.deploy-time = 20ms\n"
                    + "interstice.wasm { engine = interpreter, max-call-time = 30s }")
            .start()) {
      var failure = assertThrows(CallFailedException.class, () -> node.deployWasm(slow));
      assertEquals(ErrorKind.BAD_MODULE, failure.kind());
      assertTrue(
          failure.getMessage().contains("longer than 20 ms (interstice.module.limits.deploy-time)"),
          failure.getMessage());
    }
  }
}
