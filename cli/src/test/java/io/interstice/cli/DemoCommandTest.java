package io.interstice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  @TempDir Path dataDir;

  @Test
  void shouldRecoverTheFirstRunsStateOnTheSecondRun() {
    var args =
        new String[] {
          "demo", "--data-dir", dataDir.toString(), "--counters", "4", "--increments", "50"
        };
    var first = CommandRunner.run(args);
    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.out().contains("recovered 4 counters holding 0 events"), first.out());
    assertTrue(first.out().contains("counter|c0 = 50"), first.out());

    var second = CommandRunner.run(args);
    assertEquals(0, second.exitCode(), second.err());
    assertTrue(second.out().contains("recovered 4 counters holding 200 events"), second.out());
    assertTrue(second.out().contains("counter|c3 = 100"), second.out());
  }

  @Test
  void shouldRejectNonsenseArguments() {
    var result = CommandRunner.run("demo", "--data-dir", dataDir.toString(), "--counters", "0");
    assertEquals(ExitCodes.FAILED, result.exitCode());
    assertTrue(result.err().contains("--counters must be >= 1"), result.err());
  }
}
