package io.interstice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.cli.bench.BenchCommand;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {
  @Test
  void shouldListBenchInTheTopLevelHelp() {
    var result = CommandRunner.run("--help");

    assertEquals(0, result.exitCode());
    assertTrue(result.out().contains("bench"), result.out());
  }

  @Test
  void shouldDocumentItsOptionsInItsHelp() {
    var result = CommandRunner.run("bench", "--help");

    assertEquals(0, result.exitCode());
    for (var option : List.of("--quick", "--out", "--only", "--replay-10m", "--data-dir")) {
      assertTrue(result.out().contains(option), option + " in " + result.out());
    }
    assertTrue(result.out().contains("PostgreSQL"), result.out());
  }

  @Test
  void shouldPassItsOptionsToTheSuite() {
    var command = new BenchCommand();
    new CommandLine(command)
        .parseArgs("--quick", "--only", "journal,recovery", "--replay-10m", "true", "--out", "r");

    assertEquals(
        List.of(
            "--quick",
            "--out=" + Path.of("r").toAbsolutePath(),
            "--only=journal,recovery",
            "--replay-10m=true"),
        command.suiteArguments());
  }

  @Test
  void shouldRefuseAnUnknownOption() {
    var result = CommandRunner.run("bench", "--fast");

    assertEquals(ExitCodes.USAGE, result.exitCode());
    assertTrue(result.err().contains("--fast"), result.err());
  }
}
