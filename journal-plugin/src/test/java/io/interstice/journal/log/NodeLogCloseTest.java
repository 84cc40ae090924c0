package io.interstice.journal.log;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeLogCloseTest {
  @TempDir Path dir;

  @Test
  void shouldAllowClosingTwiceAndReopeningAfterwards() {
    var log = NodeLog.builder(dir, "node-1").open();
    log.close();
    assertDoesNotThrow(log::close);
    assertDoesNotThrow(() -> NodeLog.builder(dir, "node-1").open().close());
  }
}
