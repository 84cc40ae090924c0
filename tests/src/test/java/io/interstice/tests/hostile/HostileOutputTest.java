package io.interstice.tests.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.node.IntersticeNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest written to flood the node ({@code actors/src/test/wasm/flood.wat}) beside a healthy one
 * (hello-wasm), one test per attack: what the caller gets back (clear, bounded, no class names),
 * how much the log on disk and the node's log output grow, what the module holds after a restart on
 * the same data, and that the healthy module still answers.
 */
class HostileOutputTest {
  private static final Path FLOOD = Path.of("..", "actors", "src", "test", "wasm", "flood.wasm");
  private static final Path MUTE = Path.of("..", "actors", "src", "test", "wasm", "mute.wasm");
  private static final Path HELLO =
      Path.of("..", "modules", "examples", "hello-wasm", "hello.wasm");
  private static final int MIB = 1 << 20;
  private static final int MAX_MESSAGE = 4096;

  @TempDir Path dir;

  private IntersticeNode start(String config) {
    return IntersticeNode.builder().dataDir(dir).config(config).start();
  }

  private static void deploy(IntersticeNode node) throws IOException {
    node.deployWasm(Files.readAllBytes(FLOOD));
    node.deployWasm(Files.readAllBytes(HELLO));
  }

  /** The failure of a call the module refused or could not make, checked to be readable. */
  private static CallFailedException refused(
      IntersticeNode node, ErrorKind kind, String reducer, Object... args) {
    var failure = assertThrows(CallFailedException.class, () -> node.call("flood", reducer, args));
    assertEquals(kind, failure.kind(), failure.getMessage());
    var message = failure.getMessage();
    assertTrue(message.length() <= MAX_MESSAGE + 100, "a message of " + message.length());
    for (var leak : new String[] {"io.interstice", "java.", "Exception", "chicory"}) {
      assertFalse(message.contains(leak), () -> "a class name in: " + message);
    }
    return failure;
  }

  private static void assertContains(String expected, String actual) {
    assertTrue(actual.contains(expected), () -> "expected \"" + expected + "\" in: " + actual);
  }

  private static long notes(IntersticeNode node) {
    return (Long) node.query("flood", "count");
  }

  /** The healthy module beside the hostile one answers, and keeps what it wrote. */
  private static void assertHealthy(IntersticeNode node, int greetingsBefore) {
    node.call("hello", "hello", "still here");
    assertEquals(greetingsBefore + 1, node.rows("hello", "greetings").size());
  }

  /** Bytes of everything in the data directory: the log's segments, snapshots, sidecars. */
  private long diskBytes() {
    return DirectoryBytes.of(dir);
  }

  @Test
  void shouldRefuseSchedulesPastTheEndOfTimeOrTooOftenAndKeepFarOnesAcrossRestarts()
      throws Exception {
    long disk;
    try (var output = NodeOutput.capture();
        var node = start("")) {
      deploy(node);
      long before = diskBytes();
      var endOfTime = refused(node, ErrorKind.MODULE_FAILED, "far", Long.MAX_VALUE);
      assertContains(
          "module flood reducer far trapped: schedule of ring 106751991 days ahead, further than"
              + " the limit of 3650 days (interstice.module.limits.max-schedule-ahead)",
          endOfTime.getMessage());
      var everyMilli = refused(node, ErrorKind.MODULE_FAILED, "every", 1_000L, 16L);
      assertContains(
          "schedule of grumble every 1 ms, more often than the limit of every 10 ms"
              + " (interstice.module.limits.min-schedule-interval)",
          everyMilli.getMessage());
      node.call("flood", "far", 300L * 24 * 3600 * 1_000_000); // past Pekko's 248-day timers
      assertEquals(1L, notes(node), "only the schedule within the limit committed");
      disk = diskBytes();
      assertTrue(disk - before < 256 * 1024, "the log grew by " + (disk - before));
      assertTrue(output.chars() < 256 * 1024, "the node logged " + output.chars());
      assertHealthy(node, 0);
    }
    try (var node = start("")) {
      assertEquals(1L, notes(node), "the far schedule has not rung, the refused ones never were");
      node.call("flood", "add", "after restart");
      assertEquals(2L, notes(node));
      assertHealthy(node, 1);
    }
  }

  @Test
  void shouldPersistABoundedRecordOfEveryRunOfASchedulerThatRefusesWithMebibytes()
      throws Exception {
    try (var output = NodeOutput.capture();
        var node = start("")) {
      deploy(node);
      long before = diskBytes();
      var scheduled = node.call("flood", "every", 10_000L, 4L * MIB); // every 10 ms, 4 MiB
      Thread.sleep(2_000);
      var runs = output.lines("schedule 1 of grumble failed");
      assertTrue(runs.size() >= 10, "the attack ran only " + runs.size() + " times");
      // Every run is a transaction on record; the node's log names only the first ones (its
      // warning budget), so the runs are counted from the module's transactions.
      long recorded = node.describe("flood").lastTxId() - scheduled.txId();
      long grown = diskBytes() - before;
      // Each failed run is on record, its error cut to 4,096 characters: not 4 MiB a run.
      assertTrue(grown < (recorded + 1) * 8L * 1024 + 256 * 1024, recorded + " runs, " + grown);
      assertTrue(
          output.chars() < runs.size() * 6L * 1024 + 256 * 1024,
          runs.size() + " runs, logged " + output.chars());
      assertContains("characters, cut to 4096]", runs.get(0));
      assertEquals(1L, notes(node));
      assertHealthy(node, 0);
    }
    try (var output = NodeOutput.capture();
        var node = start("")) {
      assertEquals(1L, notes(node), "no failed run left a row");
      node.call("flood", "add", "after restart");
      assertEquals(2L, notes(node));
      assertHealthy(node, 1);
      assertTrue(output.chars() < 10L * MIB, "after the restart the node logged " + output.chars());
    }
  }

  @Test
  void shouldRefuseCallsToImpossibleNamesAndDropCallsToAMissingModuleOnceVisibly()
      throws Exception {
    var config = "interstice.module { redeliver-interval = 100ms, max-redeliver-interval = 1m }";
    try (var output = NodeOutput.capture();
        var node = start(config)) {
      deploy(node);
      long before = diskBytes();
      assertContains(
          "call to module \"\": no module can have that name (names are [a-z][a-z0-9_]*",
          refused(node, ErrorKind.MODULE_FAILED, "call", "", "go").getMessage());
      assertContains(
          "call to module \"a|b\": no module can have that name",
          refused(node, ErrorKind.MODULE_FAILED, "call", "a|b", "go").getMessage());
      assertContains(
          "call to bank.\"do it\": no reducer can have that name",
          refused(node, ErrorKind.MODULE_FAILED, "call", "bank", "do it").getMessage());
      var huge = refused(node, ErrorKind.MODULE_FAILED, "call_long", (long) MIB).getMessage();
      assertTrue(huge.length() < 400, "a 1 MiB name echoed: " + huge.length());
      assertContains("[1048576 characters, cut to 100]", huge);

      for (int i = 0; i < 20; i++) {
        node.call("flood", "call", "ghost", "boo");
      }
      Thread.sleep(3_000); // 30 redeliver intervals
      var dropped = output.lines("messages to ghost");
      assertEquals(1, dropped.size(), "one line for the burst: " + dropped);
      assertContains("is not deployed", dropped.get(0));
      var resends = output.lines("resending from");
      assertTrue(resends.size() <= 2, "rejected calls were resent: " + resends);
      assertEquals(20L, notes(node));
      assertTrue(diskBytes() - before < 512 * 1024, "the log grew by " + (diskBytes() - before));
      assertTrue(output.chars() < 512 * 1024, "the node logged " + output.chars());
      assertHealthy(node, 0);
    }
    try (var output = NodeOutput.capture();
        var node = start(config)) {
      Thread.sleep(1_500);
      assertEquals(0, output.lines("messages to ghost").size(), "the dropped calls were resent");
      assertEquals(20L, notes(node));
      assertHealthy(node, 1);
    }
  }

  @Test
  void shouldCutAFloodOfLogLinesAndAFifteenMebibyteRefusal() throws Exception {
    try (var output = NodeOutput.capture();
        var node = start("")) {
      deploy(node);
      long before = diskBytes();
      node.call("flood", "shout", 1_000L, 8L * MIB); // 8 GiB of log, asked for
      var lines = output.lines("[module flood reducer shout tx");
      assertEquals(17, lines.size(), "16 lines of 4,096 characters, then the warning");
      assertContains("the rest of its log is dropped", lines.get(16));
      assertTrue(output.chars() < 128 * 1024, "the node logged " + output.chars());

      var refusal = refused(node, ErrorKind.REDUCER_FAILED, "refuse", 15L * MIB).getMessage();
      assertContains("… [15728640 characters, cut to 4096]", refusal);
      assertEquals(MAX_MESSAGE, refusal.length());
      assertTrue(output.chars() < 256 * 1024, "the node logged " + output.chars());
      assertTrue(diskBytes() - before < 256 * 1024, "the log grew by " + (diskBytes() - before));
      assertEquals(1L, notes(node));
      assertHealthy(node, 0);
    }
    try (var node = start("")) {
      assertEquals(1L, notes(node));
      node.call("flood", "add", "after restart");
      assertEquals(2L, notes(node));
      assertHealthy(node, 1);
    }
  }

  @Test
  void shouldBackOffResendsToATargetThatNeverAnswers() throws Exception {
    try (var node = start("")) {
      deploy(node);
      node.deployWasm(Files.readAllBytes(MUTE));
    }
    // Restarted with less memory than mute declares, mute cannot load: it never answers.
    var silencing =
        "interstice.wasm.max-memory-pages = 32\n"
            + "interstice.module { redeliver-interval = 100ms, max-redeliver-interval = 1m }";
    try (var output = NodeOutput.capture();
        var node = start(silencing)) {
      long before = diskBytes();
      node.call("flood", "call", "mute", "go");
      Thread.sleep(6_000); // 60 redeliver intervals
      var resends = output.lines("to mute, again in");
      // Ticks 2, 4, 8, 16, 32 after the first: log2 of the time, not one per interval.
      assertTrue(
          resends.size() >= 3 && resends.size() <= 7, resends.size() + " resends: " + resends);
      assertEquals(1L, notes(node));
      assertTrue(diskBytes() - before < 256 * 1024, "the log grew by " + (diskBytes() - before));
      assertTrue(output.chars() < 256 * 1024, "the node logged " + output.chars());
      assertHealthy(node, 0);
    }
    try (var output = NodeOutput.capture();
        var node = start("interstice.module.redeliver-interval = 100ms")) {
      assertEquals(1L, notes(node));
      Thread.sleep(1_500); // mute loads again, takes the call at recovery and acknowledges it
      assertEquals(List.of(), output.lines("to mute, again in"), "the call was not taken");
      assertHealthy(node, 1);
    }
  }
}
