package io.interstice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.log.LogEvent;
import io.interstice.journal.log.LogSettings;
import io.interstice.journal.log.NodeLog;
import io.interstice.journal.log.PendingFrame;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogCommandTest {
  @TempDir Path dataDir;
  Path logDir;

  @BeforeEach
  void writeLog() throws Exception {
    logDir = dataDir.resolve("journal").resolve("node-1");
    try (var log =
        NodeLog.builder(logDir, "node-1")
            .settings(LogSettings.builder().segmentSize(2048).build())
            .open()) {
      for (int seq = 1; seq <= 60; seq++) {
        var id = "module|m" + (seq % 3);
        var event =
            new LogEvent(
                seq,
                1000L + seq,
                "w",
                "",
                4,
                "",
                ("payload-" + seq).getBytes(StandardCharsets.UTF_8));
        log.append(List.of(PendingFrame.of(id, List.of(event)))).get();
      }
    }
  }

  @Test
  void shouldReportHealthyLogWithExitCodeZero() {
    var result = CommandRunner.run("log", "verify", dataDir.toString());
    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("60 frame(s)"), result.out());
    assertTrue(result.out().contains("log is healthy"), result.out());
    assertTrue(result.err().contains("verifying 00000000000000000000.log"), result.err());
  }

  @Test
  void shouldListIdsAndSegmentsWhenInspecting() {
    var result = CommandRunner.run("log", "inspect", logDir.toString(), "--json");
    assertEquals(0, result.exitCode(), result.err());
    assertTrue(result.out().contains("\"id\":\"module|m0\",\"frames\":20"), result.out());
    assertTrue(result.out().contains("\"sidecar\":\"ok\""), result.out());
  }

  @Test
  void shouldDumpFramesOfOneId() {
    var result = CommandRunner.run("log", "dump", dataDir.toString(), "--id", "module|m1");
    assertEquals(0, result.exitCode(), result.err());
    assertEquals(20, result.out().lines().count(), result.out());
    assertTrue(result.out().lines().allMatch(l -> l.contains("module|m1")), result.out());
  }

  @Test
  void shouldCarryEachEventInTheJsonDumpWithEvents() throws Exception {
    var result =
        CommandRunner.run(
            "log", "dump", dataDir.toString(), "--id", "module|m1", "--json", "--events");
    assertEquals(0, result.exitCode(), result.err());
    var frames = result.out().lines().map(CommandRunner::json).toList();
    assertEquals(20, frames.size(), result.out());
    for (var frame : frames) {
      long seq = frame.get("first").asLong();
      var events = frame.get("eventList");
      assertEquals(1, events.size(), frame.toString());
      var event = events.get(0);
      assertEquals(seq, event.get("seq").asLong(), frame.toString());
      assertEquals(1000L + seq, event.get("timestamp").asLong(), frame.toString());
      assertEquals(4, event.get("serializer").asInt(), frame.toString());
      assertEquals("", event.get("manifest").asText(), frame.toString());
      assertEquals("w", event.get("writer").asText(), frame.toString());
      assertEquals(("payload-" + seq).length(), event.get("bytes").asInt(), frame.toString());
    }
  }

  @Test
  void shouldLeaveEventsOutOfTheJsonDumpWithoutEvents() {
    var result = CommandRunner.run("log", "dump", dataDir.toString(), "--json");
    assertEquals(0, result.exitCode(), result.err());
    var first = CommandRunner.json(result.out().lines().findFirst().orElseThrow());
    assertEquals(
        List.of("position", "id", "first", "last", "events"),
        fieldNames(first.fieldNames()),
        first.toString());
  }

  @Test
  void shouldFindDamageThenRepairIt() throws Exception {
    flipABitOfTheFirstSegment();
    var verify = CommandRunner.run("log", "verify", dataDir.toString());
    assertEquals(ExitCodes.FOUND_PROBLEMS, verify.exitCode(), verify.out());
    assertTrue(verify.out().contains("DAMAGE"), verify.out());
    assertTrue(verify.out().contains("CRC stored"), verify.out());

    var repair = CommandRunner.run("log", "repair", dataDir.toString());
    assertEquals(0, repair.exitCode(), repair.err());
    assertTrue(repair.out().contains("removed:"), repair.out());

    var again = CommandRunner.run("log", "verify", dataDir.toString(), "--json");
    assertEquals(0, again.exitCode(), again.out());
    assertTrue(again.out().contains("\"healthy\":true,\"segments\""), again.out());
    assertTrue(again.out().contains("\"frames\":59"), again.out());
  }

  @Test
  void shouldNameTheDamageInTheJsonOfVerify() throws Exception {
    var sealed = flipABitOfTheFirstSegment();
    var result = CommandRunner.run("log", "verify", dataDir.toString(), "--json");
    assertEquals(ExitCodes.FOUND_PROBLEMS, result.exitCode(), result.out());
    var report = CommandRunner.json(result.out());
    assertFalse(report.get("healthy").asBoolean(), result.out());
    var damage = report.get("damage").get(0);
    assertEquals(
        List.of("file", "offset", "end", "persistenceId", "reason"),
        fieldNames(damage.fieldNames()),
        result.out());
    assertEquals(sealed.toString(), damage.get("file").asText(), result.out());
    assertTrue(damage.get("reason").asText().contains("CRC stored"), result.out());
  }

  @Test
  void shouldRefuseToRepairALogANodeIsWriting() {
    var log = NodeLog.builder(logDir, "node-1").open();
    try {
      var result = CommandRunner.run("log", "repair", dataDir.toString());
      assertEquals(ExitCodes.FAILED, result.exitCode());
      assertTrue(result.err().contains("already in use"), result.err());
    } finally {
      log.close();
    }
  }

  @Test
  void shouldCutTheLogBeforeAFramePosition() {
    var dump = CommandRunner.run("log", "dump", dataDir.toString(), "--json");
    var tenth = dump.out().lines().skip(9).findFirst().orElseThrow();
    var position = tenth.substring(tenth.indexOf(':') + 1, tenth.indexOf(','));
    var cut = CommandRunner.run("log", "repair", dataDir.toString(), "--truncate-at", position);
    assertEquals(0, cut.exitCode(), cut.err());
    var verify = CommandRunner.run("log", "verify", dataDir.toString());
    assertTrue(verify.out().contains("9 frame(s)"), verify.out());
  }

  @Test
  void shouldWarnOfATornTailAndCountTheBytesOpeningWouldCut() throws Exception {
    Path last;
    try (var files = Files.list(logDir)) {
      last =
          files
              .filter(f -> f.getFileName().toString().endsWith(".log"))
              .sorted()
              .reduce((a, b) -> b)
              .orElseThrow();
    }
    long size = Files.size(last);
    Files.write(last, new byte[] {0, 0, 0, 60, 1, 2}, java.nio.file.StandardOpenOption.APPEND);

    var result = CommandRunner.run("log", "verify", dataDir.toString(), "--json");

    assertEquals(0, result.exitCode(), result.out());
    var report = CommandRunner.json(result.out());
    assertEquals(6, report.get("bytesTruncatedWhenOpened").asLong(), result.out());
    assertTrue(
        report.get("warnings").get(0).asText().contains("torn final frame at offset " + size),
        result.out());
    assertEquals(size + 6, Files.size(last), "verify changes nothing");
  }

  @Test
  void shouldRejectAPositionThatIsNotAFrame() {
    var result = CommandRunner.run("log", "repair", dataDir.toString(), "--truncate-at", "3");
    assertEquals(ExitCodes.FAILED, result.exitCode());
    assertTrue(result.err().contains("no frame starts at position 3"), result.err());
  }

  @Test
  void shouldFailClearlyOnAMissingDirectory() {
    var result = CommandRunner.run("log", "verify", dataDir.resolve("nope").toString());
    assertEquals(ExitCodes.FAILED, result.exitCode());
    assertTrue(result.err().contains("no log directory at"), result.err());
  }

  @Test
  void shouldFailClearlyOnAForeignFileNamedLikeASegment() throws Exception {
    Files.writeString(logDir.resolve("00000000000099999999.log"), "not a segment at all");
    var result = CommandRunner.run("log", "verify", dataDir.toString());
    assertEquals(ExitCodes.FAILED, result.exitCode());
    assertTrue(result.err().contains("is not an Interstice log segment"), result.err());
  }

  @Test
  void shouldRejectUnknownOptionsWithUsageExitCode() {
    var result = CommandRunner.run("log", "verify", "--bogus", dataDir.toString());
    assertEquals(ExitCodes.USAGE, result.exitCode());
    assertTrue(result.err().contains("Unknown option"), result.err());
  }

  private static List<String> fieldNames(Iterator<String> names) {
    var list = new ArrayList<String>();
    names.forEachRemaining(list::add);
    return list;
  }

  /** Damages a frame in the first (sealed) segment; returns that segment's file. */
  private Path flipABitOfTheFirstSegment() throws Exception {
    var sealed = logDir.resolve("00000000000000000000.log");
    try (var file = new RandomAccessFile(sealed.toFile(), "rw")) {
      file.seek(200);
      file.write(file.read() ^ 0x40);
    }
    return sealed;
  }
}
