package io.interstice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.CorruptLogException;
import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.module.code.ModuleLoadException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ErrorHandlerTest {
  @Command(name = "failing")
  static final class Failing implements Callable<Integer> {
    private final RuntimeException failure;

    Failing(RuntimeException failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() {
      throw failure;
    }
  }

  private static CommandRunner.Result run(RuntimeException failure) {
    var out = new StringWriter();
    var err = new StringWriter();
    var cmd =
        new CommandLine(new Failing(failure)).setExecutionExceptionHandler(new ErrorHandler());
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    int code = cmd.execute();
    return new CommandRunner.Result(code, out.toString(), err.toString());
  }

  @Test
  void shouldPrintOneLineWithTheKindForARuntimeFailure() {
    var result =
        run(new CallFailedException(ErrorKind.UNKNOWN_MODULE, "module bank is not deployed"));
    assertEquals(ExitCodes.FAILED, result.exitCode());
    assertEquals("error: UNKNOWN_MODULE: module bank is not deployed", result.err().strip());
  }

  @Test
  void shouldPrintOneLineForEveryExceptionUnderTheRuntimesRoot() {
    var result = run(new ModuleLoadException("class x.Y is not a module: no @Module"));
    assertEquals("error: BAD_MODULE: class x.Y is not a module: no @Module", result.err().strip());
    assertFalse(result.err().contains("\tat "), result.err());
  }

  @Test
  void shouldPrintOneLineForALogFailure() {
    var result = run(new CorruptLogException(Path.of("seg"), 12, "module|bank", "bad CRC"));
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertFalse(result.err().contains("\tat "), result.err());
  }

  @Test
  void shouldPrintTheStackOfADefect() {
    var result = run(new NullPointerException("oops"));
    assertEquals(ExitCodes.FAILED, result.exitCode());
    assertTrue(result.err().contains("\tat "), result.err());
  }
}
