package io.interstice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.client.ErrorKind;
import io.interstice.client.IntersticeClientException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * The verbs that talk to a node, without one: help, usage mistakes, a node that is not running, and
 * the exit code of each kind of answer. Against a real node: {@code ClientVerbsNodeTest} in {@code
 * tests/}.
 */
class ClientVerbsTest {
  private static final String[] VERBS = {
    "deploy", "modules", "describe", "call", "query", "rows", "subscribe"
  };

  @Test
  void shouldListEveryVerbAndTheExitCodesInTheTopLevelHelp() {
    var help = CommandRunner.run("--help");
    assertEquals(ExitCodes.OK, help.exitCode());
    for (var verb : VERBS) {
      assertTrue(help.out().contains("\n  " + verb + " "), verb + " missing:\n" + help.out());
    }
    assertTrue(help.out().contains("4   no node answered"), help.out());
  }

  @Test
  void shouldShowTheSharedOptionsInEveryVerbsHelp() {
    for (var verb : VERBS) {
      var help = CommandRunner.run(verb, "--help");
      assertEquals(ExitCodes.OK, help.exitCode(), verb);
      assertTrue(help.out().contains("--url=URL"), help.out());
      assertTrue(help.out().contains("INTERSTICE_TOKEN"), help.out());
      assertTrue(help.out().contains("--json"), help.out());
    }
  }

  @Test
  void shouldSayInOneLineThatNoNodeIsRunning() throws IOException {
    var url = "http://127.0.0.1:" + freePort();
    var result = CommandRunner.run("call", "bank", "transfer", "1", "2", "30", "--url", url);
    assertEquals(ExitCodes.UNREACHABLE, result.exitCode());
    assertTrue(
        result.err().startsWith("error: cannot reach " + url + ": connection refused"),
        result.err());
    assertEquals(1, result.err().strip().lines().count(), result.err());
    assertFalse(result.err().contains("\tat "), result.err());
    assertEquals("", result.out());
  }

  @Test
  void shouldTakeTheUrlFromTheEnvironmentDefault() {
    var help = CommandRunner.run("modules", "--help");
    assertTrue(help.out().contains("$INTERSTICE_URL"), help.out());
  }

  @Test
  void shouldRefuseAnArgumentThatIsNotJsonAsUsage() {
    var result = CommandRunner.run("call", "chat", "post", "ann", "--url", "http://127.0.0.1:1");
    assertEquals(ExitCodes.USAGE, result.exitCode());
    assertTrue(
        result
            .err()
            .contains("argument 1 is not a JSON value: ann (a string is quoted: '\"ann\"')"),
        result.err());
  }

  @Test
  void shouldRefuseBadUsageOfDeploy() {
    assertEquals(ExitCodes.USAGE, CommandRunner.run("deploy").exitCode());
    var both = CommandRunner.run("deploy", "x.wasm", "--java", "a.B");
    assertEquals(ExitCodes.USAGE, both.exitCode());
    assertTrue(both.err().contains("deploy either FILE.wasm or --java CLASS"), both.err());
    var missing = CommandRunner.run("deploy", "no/such.wasm");
    assertEquals(ExitCodes.USAGE, missing.exitCode());
    assertTrue(missing.err().contains("no such file: no/such.wasm"), missing.err());
    var watchJava = CommandRunner.run("deploy", "--java", "a.B", "--watch");
    assertEquals(ExitCodes.USAGE, watchJava.exitCode());
    assertTrue(watchJava.err().contains("--watch needs FILE.wasm"), watchJava.err());
    var key = CommandRunner.run("call", "bank", "open", "--key", "", "--url", "http://x:1");
    assertEquals(ExitCodes.USAGE, key.exitCode());
    var url = CommandRunner.run("modules", "--url", "ftp://x");
    assertEquals(ExitCodes.USAGE, url.exitCode());
  }

  @Test
  void shouldMapEachKindOfAnswerToItsExitCode() {
    assertEquals(ExitCodes.REFUSED, ErrorHandler.exitCode(ErrorKind.REDUCER_FAILED));
    assertEquals(ExitCodes.REFUSED, ErrorHandler.exitCode(ErrorKind.UNKNOWN_MODULE));
    assertEquals(ExitCodes.REFUSED, ErrorHandler.exitCode(ErrorKind.UNAUTHORIZED));
    assertEquals(ExitCodes.UNREACHABLE, ErrorHandler.exitCode(ErrorKind.UNAVAILABLE));
    assertEquals(ExitCodes.UNREACHABLE, ErrorHandler.exitCode(ErrorKind.TIMEOUT));
    assertEquals(ExitCodes.FAILED, ErrorHandler.exitCode(ErrorKind.MODULE_FAILED));
    assertEquals(ExitCodes.FAILED, ErrorHandler.exitCode(ErrorKind.PROTOCOL));
  }

  @Test
  void shouldPrintARefusalWithTheKindAndTheNodesMessage() throws Exception {
    var refused = new IntersticeClientException("REDUCER_FAILED", 409, "insufficient funds");
    var cmd = Interstice.commandLine();
    var err = new java.io.StringWriter();
    cmd.setErr(new java.io.PrintWriter(err));
    int code = cmd.getExecutionExceptionHandler().handleExecutionException(refused, cmd, null);
    assertEquals(ExitCodes.REFUSED, code);
    assertEquals("error: REDUCER_FAILED: insufficient funds", err.toString().strip());
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
