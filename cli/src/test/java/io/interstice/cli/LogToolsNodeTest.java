package io.interstice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.interstice.journal.log.SegmentHeader;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code log stats} and {@code log dump --changes} on a data directory a real node wrote ({@link
 * NodeWrittenLog}), healthy, damaged, cut down to its snapshots, and with a segment of a future
 * format version.
 */
class LogToolsNodeTest {
  @TempDir static Path pristine;
  @TempDir Path dataDir;
  Path logDir;

  @BeforeAll
  static void writeTheLog() throws Exception {
    NodeWrittenLog.write(pristine);
  }

  @BeforeEach
  void copyTheLog() throws Exception {
    try (Stream<Path> files = Files.walk(pristine)) {
      for (var from : files.toList()) {
        var to = dataDir.resolve(pristine.relativize(from).toString());
        if (Files.isDirectory(from)) {
          Files.createDirectories(to);
        } else {
          Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    logDir = dataDir.resolve("journal").resolve("node-1");
  }

  private List<Path> segments() throws Exception {
    try (Stream<Path> files = Files.list(logDir)) {
      return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
    }
  }

  @Test
  void shouldAccountForEveryByteOfEverySegment() throws Exception {
    var result = CommandRunner.run("log", "stats", dataDir.toString(), "--json");
    assertEquals(0, result.exitCode(), result.err());
    var stats = CommandRunner.json(result.out());
    var segments = segments();
    long segmentBytes = 0;
    for (var segment : segments) {
      segmentBytes += Files.size(segment);
    }
    assertEquals(segments.size(), stats.get("segments").asInt(), result.out());
    assertEquals(segmentBytes, stats.get("segmentBytes").asLong(), result.out());
    long headers = segments.size() * (long) SegmentHeader.of(0, "node-1").length();
    assertEquals(
        segmentBytes - headers,
        stats.get("liveBytes").asLong() + stats.get("deadBytes").asLong(),
        "every byte of a healthy log is a header or a frame");
    var ids = stats.get("ids");
    assertEquals("module|counter", ids.get(0).get("id").asText(), "its code is in its log");
    var bank = ids.get(1);
    assertEquals("module|bank", bank.get("id").asText(), result.out());
    assertEquals(4 + NodeWrittenLog.TRANSFERS, bank.get("events").asLong(), result.out());
    assertTrue(bank.get("deadBytes").asLong() > 0, "events under the bank's snapshot are dead");
    assertEquals(bank.get("deadBytes").asLong(), stats.get("deadBytes").asLong(), result.out());
    var snapshots = stats.get("snapshots");
    assertTrue(snapshots.size() >= 2, result.out());
    for (var snapshot : snapshots) {
      assertEquals("module|bank", snapshot.get("id").asText());
      // Every 10 transactions; the deploy before them is an event but no transaction.
      assertEquals(1, snapshot.get("sequenceNr").asLong() % 10, snapshot.toString());
      assertTrue(snapshot.get("ageSeconds").asLong() >= 0, snapshot.toString());
    }
  }

  @Test
  void shouldPrintTheLargestModulesAndTheSnapshotsAsText() {
    var result = CommandRunner.run("log", "stats", dataDir.toString(), "--top", "1");
    assertEquals(0, result.exitCode(), result.err());
    var out = result.out();
    assertTrue(out.startsWith("log node-1 in "), out);
    assertTrue(out.contains("\nlargest persistence ids:\n"), out);
    assertTrue(out.contains("\nmodule|counter  "), out);
    assertFalse(out.contains("\nmodule|bank "), out);
    assertTrue(out.contains("... and "), out);
    assertTrue(out.matches("(?s).*\n  module\\|bank +seq +[1-9]1 .* old\n.*"), out);
  }

  @Test
  void shouldCountDamageAndKeepGoing() throws Exception {
    var sealed = segments().get(0);
    try (var file = new RandomAccessFile(sealed.toFile(), "rw")) {
      file.seek(400);
      file.write("garbage written over a frame".getBytes());
    }
    var stats = CommandRunner.run("log", "stats", dataDir.toString());
    assertEquals(0, stats.exitCode(), stats.err());
    assertTrue(stats.out().contains("DAMAGED: 1 region(s), "), stats.out());
    var dump = CommandRunner.run("log", "dump", dataDir.toString(), "--changes", "--json");
    assertEquals(0, dump.exitCode(), dump.err());
    assertTrue(dump.out().lines().count() > NodeWrittenLog.TRANSFERS, dump.out());
    var verify = CommandRunner.run("log", "verify", dataDir.toString());
    assertEquals(ExitCodes.FOUND_PROBLEMS, verify.exitCode(), verify.out());
  }

  @Test
  void shouldNameADamagedSnapshotWithItsReason() throws Exception {
    Path snapshot;
    try (Stream<Path> files = Files.walk(dataDir.resolve("snapshots"))) {
      snapshot = files.filter(f -> f.toString().endsWith(".snap")).sorted().findFirst().get();
    }
    try (var file = new RandomAccessFile(snapshot.toFile(), "rw")) {
      file.seek(40);
      file.write("garbage".getBytes());
    }
    var result = CommandRunner.run("log", "stats", dataDir.toString(), "--json");
    assertEquals(0, result.exitCode(), result.err());
    var damaged = CommandRunner.json(result.out()).get("snapshots").get(0);
    assertEquals("module|bank", damaged.get("id").asText(), result.out());
    assertTrue(damaged.get("problem").asText().contains("CRC"), result.out());
    assertFalse(damaged.has("time"), result.out());
    var text = CommandRunner.run("log", "stats", dataDir.toString());
    assertTrue(text.out().contains(" bytes  DAMAGED: "), text.out());
  }

  @Test
  void shouldRefuseASegmentOfAFutureFormatVersion() throws Exception {
    var segment = segments().get(1);
    writeHeaderVersion(segment, (short) 2);
    for (var command : List.of("stats", "dump", "inspect", "verify")) {
      var result = CommandRunner.run("log", command, dataDir.toString());
      assertEquals(ExitCodes.FAILED, result.exitCode(), command + ": " + result.out());
      assertEquals(
          "error: " + segment + " has log format version 2; this build reads version 1",
          result.err().strip().lines().reduce((a, b) -> b).orElseThrow(),
          command);
    }
    var changes = CommandRunner.run("log", "dump", dataDir.toString(), "--changes");
    assertEquals(ExitCodes.FAILED, changes.exitCode(), changes.out());
  }

  /** Sets a segment header's version and seals it with a good checksum, as a newer build would. */
  private static void writeHeaderVersion(Path segment, short version) throws Exception {
    try (var file = new RandomAccessFile(segment.toFile(), "rw")) {
      var header = new byte[SegmentHeader.of(0, "node-1").length()];
      file.readFully(header);
      var buffer = ByteBuffer.wrap(header).putShort(4, version);
      var crc = new CRC32C();
      crc.update(header, 0, header.length - 4);
      buffer.putInt(header.length - 4, (int) crc.getValue());
      file.seek(0);
      file.write(header);
    }
  }

  @Test
  void shouldDecodeEveryTransactionWithItsChanges() {
    var result = CommandRunner.run("log", "dump", dataDir.toString(), "--changes");
    assertEquals(0, result.exitCode(), result.err());
    var lines = result.out().lines().toList();
    assertTrue(
        lines
            .get(0)
            .matches("bank tx 1  seq 2  \\S+Z  open\\(\"alice\", 100\\)  client-call as .*"),
        result.out());
    assertEquals(
        "  insert accounts {\"id\":1,\"owner\":\"alice\",\"balance\":100}",
        lines.get(1),
        result.out());
    assertTrue(
        result
            .out()
            .contains(
                "transfer(1, 2, 1)  client-call as local\n"
                    + "  update accounts {\"id\":1,\"owner\":\"alice\",\"balance\":100} ->"
                    + " {\"id\":1,\"owner\":\"alice\",\"balance\":99}\n"),
        result.out());
    assertFalse(result.out().contains("undecoded"), result.out());
  }

  @Test
  void shouldFollowTheSchemaThroughAnUpgradeInJson() {
    var result =
        CommandRunner.run(
            "log", "dump", dataDir.toString(), "--module", "counter", "--format", "json");
    assertEquals(0, result.exitCode(), result.err());
    var txs = result.out().lines().map(CommandRunner::json).toList();
    assertEquals(2, txs.size(), result.out());
    assertEquals("[\"first, \\\"quoted\\\"\"]", txs.get(0).get("args").toString());
    var twice = txs.get(1);
    assertEquals("add_twice", twice.get("reducer").asText());
    assertEquals("[\"second\"]", twice.get("args").toString(), "decoded with version 2's schema");
    assertEquals(
        "[{\"op\":\"insert\",\"table\":\"items\",\"row\":{\"id\":2,\"name\":\"second\"}},"
            + "{\"op\":\"insert\",\"table\":\"items\",\"row\":{\"id\":3,\"name\":\"second\"}}]",
        twice.get("changes").toString());
    assertEquals("client-call", twice.at("/trigger/kind").asText());
  }

  @Test
  void shouldWriteOneCsvLinePerChangeThatReadsBack() throws Exception {
    var result =
        CommandRunner.run(
            "log", "dump", dataDir.toString(), "--module", "counter", "--format", "csv");
    assertEquals(0, result.exitCode(), result.err());
    MappingIterator<Map<String, String>> rows =
        new CsvMapper()
            .readerFor(Map.class)
            .with(CsvSchema.emptySchema().withHeader())
            .readValues(result.out());
    var all = rows.readAll();
    assertEquals(3, all.size(), result.out());
    assertEquals("[\"first, \\\"quoted\\\"\"]", all.get(0).get("args"));
    assertEquals("{\"id\":1,\"name\":\"first, \\\"quoted\\\"\"}", all.get(0).get("row"));
    assertEquals("insert", all.get(2).get("op"));
    assertEquals("", all.get(2).get("old"));
  }

  @Test
  void shouldFilterByTableReducerTransactionAndTime() {
    var range =
        CommandRunner.run(
            "log", "dump", dataDir.toString(), "--table", "accounts", "--tx", "5..7", "--json");
    assertEquals(
        List.of(5L, 6L, 7L),
        range.out().lines().map(l -> CommandRunner.json(l).get("txId").asLong()).toList(),
        range.out());
    var opens = CommandRunner.run("log", "dump", dataDir.toString(), "--reducer", "open");
    assertEquals(3, opens.out().lines().filter(l -> l.startsWith("bank tx")).count());
    var none = CommandRunner.run("log", "dump", dataDir.toString(), "--table", "nope");
    assertEquals("", none.out());

    var all =
        jsonLines(CommandRunner.run("log", "dump", dataDir.toString(), "--changes", "--json"));
    var fourth = all.get(3).get("time").asText();
    var sixth = all.get(5).get("time").asText();
    var window =
        CommandRunner.run(
            "log", "dump", dataDir.toString(), "--since", fourth, "--until", sixth, "--json");
    assertEquals(
        List.of(4L, 5L, 6L),
        jsonLines(window).stream().map(t -> t.get("txId").asLong()).toList(),
        window.out());
  }

  @Test
  void shouldRefuseBadFilters() {
    var tx = CommandRunner.run("log", "dump", dataDir.toString(), "--tx", "five");
    assertEquals(ExitCodes.USAGE, tx.exitCode());
    assertTrue(tx.err().contains("--tx: expected ID, FROM..TO"), tx.err());
    var time = CommandRunner.run("log", "dump", dataDir.toString(), "--since", "yesterday");
    assertEquals(ExitCodes.USAGE, time.exitCode());
    var csv = CommandRunner.run("log", "dump", dataDir.toString(), "--format", "csv");
    assertEquals(ExitCodes.USAGE, csv.exitCode());
    assertTrue(csv.err().contains("--format csv needs --changes"), csv.err());
  }

  @Test
  void shouldDecodeWithTheSnapshotsSchemaWhenTheDeployIsGone() throws Exception {
    // The bank's deploy was in the first segment; once its events are deleted the segment may go.
    var first = segments().get(0);
    Files.delete(first);
    Files.deleteIfExists(Path.of(first.toString().replace(".log", ".idx")));
    var result = CommandRunner.run("log", "dump", dataDir.toString(), "--module", "bank", "--json");
    assertEquals(0, result.exitCode(), result.err());
    var txs = jsonLines(result);
    assertFalse(txs.isEmpty(), result.out());
    assertFalse(result.out().contains("undecoded"), result.out());
    assertEquals("transfer", txs.get(0).get("reducer").asText());
    assertEquals(1, txs.get(0).at("/args/0").asLong(), result.out());
  }

  private static List<JsonNode> jsonLines(CommandRunner.Result result) {
    assertEquals(0, result.exitCode(), result.err());
    return result.out().lines().map(CommandRunner::json).toList();
  }
}
