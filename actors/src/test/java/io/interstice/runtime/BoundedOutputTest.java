package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.runtime.testmodules.Grumbler;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A Java module's text is held to the same bounds as a guest's: refusals, failures and log lines of
 * megabytes come back and go to the log cut, and calls to impossible names are refused.
 */
class BoundedOutputTest {
  private static final int MIB = 1 << 20;

  @TempDir Path dir;

  private static CallFailedException failure(IntersticeNode node, String reducer, Object... args) {
    return assertThrows(CallFailedException.class, () -> node.call("grumbler", reducer, args));
  }

  @Test
  void shouldCutAJavaModulesRefusalsFailuresAndLogLines() {
    var module = (Logger) LoggerFactory.getLogger("io.interstice.module.grumbler");
    var runner = (Logger) LoggerFactory.getLogger("io.interstice.runtime.module");
    var lines = new ListAppender<ILoggingEvent>();
    lines.start();
    module.addAppender(lines);
    runner.addAppender(lines);
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Grumbler.class);
      var refusal = failure(node, "refuse", 15L * MIB);
      assertEquals(ErrorKind.REDUCER_FAILED, refusal.kind());
      assertEquals(4096, refusal.getMessage().length());
      assertTrue(refusal.getMessage().endsWith("… [15728640 characters, cut to 4096]"));

      var crash = failure(node, "crash", 15L * MIB);
      assertEquals(ErrorKind.MODULE_FAILED, crash.kind());
      assertTrue(
          crash.getMessage().length() <= 4096, "a message of " + crash.getMessage().length());
      assertTrue(crash.getMessage().startsWith("grumbler.crash failed: "), crash.getMessage());

      // The SDK's ReducerRef refuses an impossible name before TxEnvironment sees it; either way
      // the call fails in its transaction, and the name is not echoed whole.
      var impossible = failure(node, "call", "a|b".repeat(MIB / 3));
      assertEquals(ErrorKind.MODULE_FAILED, impossible.kind());
      assertTrue(impossible.getMessage().contains("a|b"), impossible.getMessage());
      assertTrue(impossible.getMessage().length() <= 4096, "" + impossible.getMessage().length());

      node.call("grumbler", "shout", 1_000L, (long) MIB);
      long logged = 0;
      synchronized (lines) {
        for (var event : lines.list) {
          logged += event.getFormattedMessage().length();
          var thrown = event.getThrowableProxy();
          logged += thrown == null ? 0 : thrown.getMessage().length();
        }
      }
      assertTrue(logged < 128 * 1024, "the node logged " + logged + " characters");
      assertEquals(1L, node.query("grumbler", "count"));
    }
    module.detachAppender(lines);
    runner.detachAppender(lines);
  }
}
