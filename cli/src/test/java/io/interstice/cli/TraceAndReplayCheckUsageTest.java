package io.interstice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage side of {@code trace} and {@code replay-check}: help that lists the exit codes, and the
 * codes for no node and for a directory that is no log (runs against real nodes are in the {@code
 * tests} module).
 */
class TraceAndReplayCheckUsageTest {
  @TempDir Path dir;

  @Test
  void shouldListReplayCheckExitCodesInItsHelp() {
    var result = CommandRunner.run("replay-check", "--help");
    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("1   a re-run diverged"), result.out());
    assertTrue(result.out().contains("5   the log is damaged"), result.out());
  }

  @Test
  void shouldSayNoNodeAnsweredTheTrace() {
    var result = CommandRunner.run("trace", "--url", "http://127.0.0.1:1", "--seconds", "1");
    assertEquals(ExitCodes.UNREACHABLE, result.exitCode(), result.out() + result.err());
    assertEquals("", result.out());
  }

  @Test
  void shouldRefuseADirectoryWithoutALog() {
    var result = CommandRunner.run("replay-check", dir.resolve("none").toString(), "bank");
    assertEquals(ExitCodes.FAILED, result.exitCode(), result.out() + result.err());
    assertTrue(result.err().startsWith("error: no log directory at "), result.err());
  }
}
