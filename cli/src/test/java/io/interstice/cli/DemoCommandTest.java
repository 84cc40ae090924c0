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
          "demo", "--data-dir", dataDir.toString(), "--accounts", "10", "--transfers", "300"
        };
    var first = CommandRunner.run(args);
    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.out().contains("recovered 0 transactions"), first.out());
    assertTrue(first.out().contains("opened 10 accounts"), first.out());
    assertTrue(first.out().contains("total of all balances: 10000"), first.out());
    var logged = first.out().replaceAll("(?s).*the log now holds (\\d+) transactions.*", "$1");

    var second = CommandRunner.run(args);
    assertEquals(0, second.exitCode(), second.err());
    assertTrue(second.out().contains("recovered " + logged + " transactions"), second.out());
    assertTrue(second.out().contains("found 10 accounts from earlier runs"), second.out());
    assertTrue(second.out().contains("total of all balances: 10000"), second.out());
  }

  @Test
  void shouldRunTheWasmBankAndRecoverIt() {
    var args =
        new String[] {
          "demo",
          "--wasm",
          "--data-dir",
          dataDir.toString(),
          "--accounts",
          "10",
          "--transfers",
          "300"
        };
    var first = CommandRunner.run(args);
    assertEquals(0, first.exitCode(), first.err());
    assertTrue(first.out().contains("module bank (WebAssembly"), first.out());
    assertTrue(first.out().contains("opened 10 accounts"), first.out());
    assertTrue(first.out().contains("total of all balances: 10000"), first.out());
    var second = CommandRunner.run(args);
    assertEquals(0, second.exitCode(), second.err());
    assertTrue(second.out().contains("found 10 accounts from earlier runs"), second.out());
    assertTrue(second.out().contains("total of all balances: 10000"), second.out());
  }

  @Test
  void shouldRejectNonsenseArguments() {
    var result = CommandRunner.run("demo", "--data-dir", dataDir.toString(), "--accounts", "1");
    assertEquals(ExitCodes.FAILED, result.exitCode());
    assertTrue(result.err().contains("--accounts must be >= 2"), result.err());
  }
}
