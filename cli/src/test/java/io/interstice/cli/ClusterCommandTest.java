package io.interstice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cluster up|status|down} without starting a node: help, every refusal in one line with its
 * exit code, and what status and down make of the processes nodes.json records. A real cluster of
 * processes: {@code LocalClusterCliTest} in {@code tests/}.
 */
class ClusterCommandTest {
  @TempDir Path dir;

  @Test
  void shouldShowTheClusterVerbsAndTheirOptionsInTheHelp() {
    var help = CommandRunner.run("cluster", "--help");
    assertEquals(ExitCodes.OK, help.exitCode());
    for (var verb : new String[] {"up", "status", "down"}) {
      assertTrue(help.out().contains("\n  " + verb + " "), verb + " missing:\n" + help.out());
    }
    var up = CommandRunner.run("cluster", "up", "--help");
    assertTrue(up.out().contains("--http-port=P"), up.out());
    assertTrue(up.out().contains("--data-dir=DIR"), up.out());
    assertTrue(CommandRunner.run("cluster", "status", "--help").out().contains("--json"));
    assertTrue(CommandRunner.run("cluster", "down", "--help").out().contains("--timeout"));
  }

  @Test
  void shouldRefuseANodeCountOutsideOneToSixteenAsBadUsage() {
    for (var count : new String[] {"0", "-1", "17"}) {
      var result = CommandRunner.run("cluster", "up", count, "--data-dir", dir.toString());
      assertEquals(ExitCodes.USAGE, result.exitCode(), result.err());
      assertOneLine(result.err(), "error: N must be from 1 to 16, not " + count);
    }
    assertFalse(Files.exists(dir.resolve("cluster")));
  }

  @Test
  void shouldRefuseAnHttpPortInUseBeforeStartingAnyNode() throws IOException {
    try (var taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      var result =
          CommandRunner.run(
              "cluster",
              "up",
              "2",
              "--data-dir",
              dir.toString(),
              "--http-port",
              String.valueOf(port - 1));
      assertEquals(ExitCodes.FAILED, result.exitCode(), result.err());
      assertOneLine(
          result.err(), "error: port " + port + " (the HTTP API of node-2) is in use on 127.0.0.1");
    }
    assertFalse(Files.exists(dir.resolve("cluster").resolve("nodes.json")));
  }

  @Test
  void shouldRefuseToStartASecondClusterWhereOneRuns() throws IOException {
    // This test's own JVM stands for a running node; nothing here ever stops it.
    var self = ProcessHandle.current();
    var nodes = writeNodes(self.pid(), started(self));
    var before = Files.readString(nodes);

    CommandRunner.Result result;
    // A port in use as well: were the running cluster missed, no node would start either.
    try (var taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      var port = String.valueOf(taken.getLocalPort());
      result =
          CommandRunner.run(
              "cluster", "up", "3", "--data-dir", dir.toString(), "--http-port", port);
    }

    assertEquals(ExitCodes.FAILED, result.exitCode(), result.err());
    assertOneLine(
        result.err(),
        "error: a cluster is already running in "
            + dir
            + " (node-1 pid "
            + self.pid()
            + "); stop it with 'interstice cluster down --data-dir");
    assertEquals(before, Files.readString(nodes));
  }

  @Test
  void shouldReportANodeWhoseProcessIsGoneAsStoppedAndExitOne() throws Exception {
    var gone = new ProcessBuilder("true").start();
    assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
    writeNodes(gone.pid(), null);

    var result = CommandRunner.run("cluster", "status", "--data-dir", dir.toString(), "--json");

    assertEquals(ExitCodes.FOUND_PROBLEMS, result.exitCode(), result.err());
    var nodes = CommandRunner.json(result.out());
    assertEquals(1, nodes.size(), result.out());
    assertEquals("node-1", nodes.get(0).get("node").asText());
    assertEquals(gone.pid(), nodes.get(0).get("pid").asLong());
    assertEquals("stopped", nodes.get(0).get("status").asText());
    assertTrue(nodes.get(0).get("modules").isNull(), result.out());
  }

  @Test
  void shouldTellAProcessThatReusedTheNodesPidFromTheNode() throws IOException {
    writeNodes(ProcessHandle.current().pid(), "2001-01-01T00:00:00Z");

    var result = CommandRunner.run("cluster", "status", "--data-dir", dir.toString());

    assertEquals(ExitCodes.FOUND_PROBLEMS, result.exitCode(), result.err());
    var lines = result.out().lines().toList();
    assertEquals(
        java.util.List.of("node", "pid", "http", "status", "modules"), words(lines.get(0)));
    assertEquals("stopped", words(lines.get(1)).get(3), result.out());
  }

  @Test
  void shouldReportARunningNodeThatDoesNotAnswerAsUnreachable() throws IOException {
    var self = ProcessHandle.current();
    writeNodes(self.pid(), started(self));

    var result = CommandRunner.run("cluster", "status", "--data-dir", dir.toString(), "--json");

    assertEquals(ExitCodes.FOUND_PROBLEMS, result.exitCode(), result.err());
    assertEquals("unreachable", CommandRunner.json(result.out()).get(0).get("status").asText());
  }

  @Test
  void shouldForgetANodeThatIsNoLongerRunningOnDown() throws Exception {
    var gone = new ProcessBuilder("true").start();
    assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
    var nodes = writeNodes(gone.pid(), null);

    var result = CommandRunner.run("cluster", "down", "--data-dir", dir.toString());

    assertEquals(ExitCodes.OK, result.exitCode(), result.err());
    assertTrue(result.out().startsWith("node-1  pid " + gone.pid() + "  was not running\n"));
    assertTrue(result.out().contains("cluster in " + dir + " stopped"), result.out());
    assertFalse(Files.exists(nodes));
  }

  @Test
  void shouldSayInOneLineThatThereIsNoClusterToInspectOrStop() {
    var status = CommandRunner.run("cluster", "status", "--data-dir", dir.toString());
    assertEquals(ExitCodes.FOUND_PROBLEMS, status.exitCode());
    assertOneLine(status.err(), "error: no cluster in " + dir);
    var down = CommandRunner.run("cluster", "down", "--data-dir", dir.toString());
    assertEquals(ExitCodes.FOUND_PROBLEMS, down.exitCode());
    assertOneLine(down.err(), "error: no cluster in " + dir);
  }

  /** nodes.json recording one node with this pid and start time. */
  private Path writeNodes(long pid, String started) throws IOException {
    var file = dir.resolve("cluster").resolve("nodes.json");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        """
        {"dataDir": "%s", "nodes": [{"node": "node-1", "pid": %d, "started": %s,
          "http": "http://127.0.0.1:%d", "cluster": "pekko://interstice@127.0.0.1:1",
          "log": "%s", "config": "%s"}]}
        """
            .formatted(
                dir,
                pid,
                started == null ? "null" : "\"" + started + "\"",
                freePort(),
                dir.resolve("cluster/node-1.log"),
                dir.resolve("cluster/node-1.conf")));
    return file;
  }

  private static String started(ProcessHandle process) {
    return process.info().startInstant().map(Instant::toString).orElse(null);
  }

  private static java.util.List<String> words(String line) {
    return java.util.List.of(line.trim().split("\\s+"));
  }

  private static void assertOneLine(String err, String prefix) {
    assertTrue(err.startsWith(prefix), err);
    assertEquals(1, err.strip().lines().count(), err);
    assertFalse(err.contains("\tat "), err);
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
