package io.interstice.tests.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.examples.bank.Bank;
import io.interstice.journal.log.LogEvent;
import io.interstice.journal.log.LogReader;
import io.interstice.journal.log.NodeLog;
import io.interstice.journal.log.PendingFrame;
import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.tests.CliRun;
import io.interstice.tests.modules.Ledger;
import io.interstice.tests.modules.Tally;
import io.interstice.tests.modules.WallClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code interstice replay-check} on logs written by real nodes in this JVM, run after the node
 * stopped: the deterministic examples (Java and WebAssembly) and a subscription chain pass; modules
 * that read the wall clock, an unseeded random or state hidden outside their tables are caught at
 * the first divergent transaction; damaged logs, a future log format, a future event format and
 * unknown modules get their own exit codes.
 */
class ReplayCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DRIFTER = Path.of("src", "test", "wasm", "replay", "drifter.wasm");
  private static final Path BANK_WASM =
      Path.of("..", "modules", "examples", "bank-wasm", "bank.wasm");

  /** The Kryo serializer's id in reference.conf, and the manifest of a committed transaction. */
  private static final int KRYO = 7431;

  private static final String TX_COMMITTED = "201";

  @TempDir Path dir;

  record Run(int exitCode, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  static Run replayCheck(String... args) {
    var all = Stream.concat(Stream.of("replay-check"), Stream.of(args)).toArray(String[]::new);
    var run = CliRun.of(all);
    return new Run(run.exitCode(), run.out(), run.err());
  }

  private void withNode(Consumer<IntersticeNode> work) {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      work.accept(node);
    }
  }

  private static void bankTraffic(IntersticeNode node) {
    node.call("bank", "open", "alice", 100L);
    node.call("bank", "open", "bob", 5L);
    for (int i = 0; i < 20; i++) {
      node.call("bank", "transfer", 1L, 2L, 3L);
      node.call("bank", "deposit", 2L, (long) i + 1);
    }
    assertThrows(CallFailedException.class, () -> node.call("bank", "transfer", 2L, 1L, 10_000L));
  }

  @Test
  void shouldPassTheJavaBankExample() {
    withNode(
        node -> {
          node.deploy(Bank.class);
          bankTraffic(node);
        });
    var run = replayCheck(dir.toString(), "bank");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().startsWith("module bank: deterministic: 42 transaction(s)"), run.out());
    var json = replayCheck(dir.toString(), "bank", "--json").json();
    assertTrue(json.get("deterministic").asBoolean(), json.toString());
    assertEquals(42, json.get("checked").asLong(), json.toString());
  }

  @Test
  void shouldPassTheWasmBankExampleWithItsCodeFromTheLog() throws IOException {
    var code = Files.readAllBytes(BANK_WASM);
    withNode(
        node -> {
          node.deployWasm(code);
          bankTraffic(node);
        });
    var run = replayCheck(dir.toString(), "bank", "--json");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertEquals(42, run.json().get("checked").asLong(), run.out());
  }

  @Test
  void shouldPassASubscriptionChainOnBothSides() throws Exception {
    withNode(
        node -> {
          node.deploy(Ledger.class);
          node.deploy(Tally.class);
          for (int i = 1; i <= 5; i++) {
            node.call("ledger", "add", "t" + i, (long) i);
          }
          awaitRows(node, "tally", "seen", 5);
        });
    var ledger = replayCheck(dir.toString(), "ledger", "--json");
    assertEquals(0, ledger.exitCode(), ledger.out() + ledger.err());
    var tally = replayCheck(dir.toString(), "tally", "--json");
    assertEquals(0, tally.exitCode(), tally.out() + tally.err());
    assertEquals(5, tally.json().get("checked").asLong(), tally.out());
  }

  @Test
  void shouldCatchAModuleThatReadsTheWallClockAndAnUnseededRandom() {
    withNode(
        node -> {
          node.deploy(WallClock.class);
          node.call("wallclock", "stamp", "first");
          node.call("wallclock", "stamp", "second");
        });
    var run = replayCheck(dir.toString(), "wallclock");
    assertEquals(1, run.exitCode(), run.out() + run.err());
    var lines = run.out().lines().toList();
    assertTrue(
        lines.get(0).startsWith("module wallclock: DIVERGED at transaction 1 (stamp, client call"),
        run.out());
    assertTrue(lines.get(0).endsWith("table stamps, row change #1: the re-run differs"), run.out());
    assertTrue(lines.get(1).startsWith("  expected: insert [1, \"first\", "), run.out());
    assertTrue(lines.get(2).startsWith("  actual:   insert [1, \"first\", "), run.out());
    var json = replayCheck(dir.toString(), "wallclock", "--json");
    assertEquals(1, json.exitCode());
    var divergence = json.json().get("divergence");
    assertEquals(1, divergence.get("txId").asLong(), json.out());
    assertEquals("changes", divergence.get("aspect").asText());
    assertEquals("stamps", divergence.get("table").asText());
    assertTrue(!divergence.get("expected").equals(divergence.get("actual")), json.out());
  }

  @Test
  void shouldCatchAWasmModuleWithStateOutsideItsTables() throws IOException {
    var code = Files.readAllBytes(DRIFTER);
    withNode(
        node -> {
          node.deployWasm(code);
          // Until a refused call, which advances the hidden counter, leaves a gap in the ids.
          for (int i = 0; i < 200 && !hasGap(node.rows("drifter", "items")); i++) {
            try {
              node.call("drifter", "record");
            } catch (CallFailedException e) {
              // refused: the guest's counter moved on all the same
            }
          }
          assertTrue(hasGap(node.rows("drifter", "items")), "no gap in the ids after 200 calls");
        });
    var run = replayCheck(dir.toString(), "drifter", "--json");
    assertEquals(1, run.exitCode(), run.out() + run.err());
    var divergence = run.json().get("divergence");
    assertEquals("changes", divergence.get("aspect").asText(), run.out());
    assertEquals("items", divergence.get("table").asText(), run.out());
    long expectedId = Long.parseLong(divergence.get("expected").asText().replaceAll("\\D", ""));
    long actualId = Long.parseLong(divergence.get("actual").asText().replaceAll("\\D", ""));
    assertTrue(expectedId > actualId, run.out());
  }

  /** Whether the ids of {@code rows}, in key order, skip a number: a refusal moved the counter. */
  private static boolean hasGap(List<Object[]> rows) {
    for (int i = 0; i < rows.size(); i++) {
      if ((long) rows.get(i)[0] != i + 1) {
        return true;
      }
    }
    return false;
  }

  @Test
  void shouldRefuseADamagedLog() throws IOException {
    withNode(
        node -> {
          node.deploy(Bank.class);
          bankTraffic(node);
        });
    var segment = segment();
    long middle = Files.size(segment) / 2;
    try (var channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe}), middle);
    }
    var run = replayCheck(dir.toString(), "bank");
    assertEquals(5, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().startsWith("error: the log is damaged"), run.err());
    assertTrue(run.err().contains(segment.getFileName().toString()), run.err());
  }

  @Test
  void shouldRefuseALogFormatFromTheFuture() throws IOException {
    withNode(node -> node.deploy(Bank.class));
    var segment = segment();
    try (var channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      var version = ByteBuffer.allocate(2).putShort((short) 9);
      channel.write(version.flip(), 4);
    }
    var run = replayCheck(dir.toString(), "bank");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains("log format version 9"), run.err());
  }

  @Test
  void shouldRefuseAnEventFormatFromTheFuture() throws Exception {
    withNode(node -> node.deploy(Bank.class)); // event 1: the deploy
    var logDir = dir.resolve("journal").resolve("node-1");
    try (var log = NodeLog.builder(logDir, "node-1").open()) {
      var future = new LogEvent(2, 1000, "w", "", KRYO, TX_COMMITTED, new byte[] {9});
      log.append(List.of(PendingFrame.of("module|bank", List.of(future)))).get();
    }
    var run = replayCheck(dir.toString(), "bank");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertEquals(
        "error: event 2 cannot be read: TxCommitted has format version 9; this runtime reads"
            + " versions 1 to 3\n",
        run.err());
  }

  @Test
  void shouldPassEveryKindOfTriggerOfTheFixtureFromAnOlderFormat() throws IOException {
    copy(Path.of("src", "test", "resources", "fixtures", "triggers-v2"), dir);
    for (var module : List.of("origin", "sink")) {
      var run = replayCheck(dir.toString(), module, "--json");
      assertEquals(0, run.exitCode(), run.out() + run.err());
      assertTrue(run.json().get("checked").asLong() > 0, run.out());
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (var files = Files.walk(from)) {
      for (var file : files.toList()) {
        var target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }

  @Test
  void shouldStartFromTheSnapshotWhenTheFirstEventsAreGone() throws Exception {
    var config = "interstice.module.snapshot-every = 10\ninterstice.module.keep-snapshots = 1\n";
    try (var node = IntersticeNode.builder().dataDir(dir).config(config).start()) {
      node.deploy(Bank.class);
      bankTraffic(node);
    }
    // A copy whose log holds only the events after the snapshot, as once its segments are gone.
    var copy = dir.resolve("copy");
    copy(dir.resolve("snapshots"), copy.resolve("snapshots"));
    long snapshot;
    try (var files = Files.list(copy.resolve("snapshots").resolve("module%7Cbank"))) {
      snapshot =
          files
              .map(f -> f.getFileName().toString())
              .filter(name -> name.endsWith(".snap"))
              .mapToLong(name -> Long.parseLong(name.substring(0, 20)))
              .max()
              .orElseThrow();
    }
    var kept = new java.util.ArrayList<PendingFrame>();
    LogReader.open(dir.resolve("journal").resolve("node-1"))
        .forEachFrame(
            frame -> {
              var after = frame.events().stream().filter(e -> e.sequenceNr() > snapshot).toList();
              if (frame.persistenceId().equals("module|bank") && !after.isEmpty()) {
                kept.add(PendingFrame.of("module|bank", after));
              }
            });
    try (var log = NodeLog.builder(copy.resolve("journal").resolve("node-1"), "node-1").open()) {
      for (var frame : kept) {
        log.append(List.of(frame)).get();
      }
    }
    var run = replayCheck(copy.toString(), "bank", "--json");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.json().get("fromSnapshot").asBoolean(), run.out());
    assertEquals(43 - snapshot, run.json().get("checked").asLong(), run.out());
    var text = replayCheck(copy.toString(), "bank");
    assertTrue(text.out().strip().endsWith("from the snapshot at event " + snapshot), text.out());
  }

  @Test
  void shouldRefuseAModuleTheLogDoesNotHold() {
    withNode(node -> node.deploy(Bank.class));
    var run = replayCheck(dir.toString(), "nosuch");
    assertEquals(3, run.exitCode(), run.out() + run.err());
    assertEquals(
        "error: no events of module nosuch (persistence id module|nosuch) in " + dir + "\n",
        run.err());
  }

  private Path segment() throws IOException {
    try (var files = Files.list(dir.resolve("journal").resolve("node-1"))) {
      return files.filter(f -> f.toString().endsWith(".log")).sorted().findFirst().orElseThrow();
    }
  }

  private static void awaitRows(IntersticeNode node, String module, String table, int rows) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (node.rows(module, table).size() < rows) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(module + "." + table + " never reached " + rows + " rows");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
