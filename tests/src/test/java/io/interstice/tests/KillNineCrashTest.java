package io.interstice.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.log.FrameCodec;
import io.interstice.journal.log.SegmentHeader;
import io.interstice.journal.log.SegmentNames;
import io.interstice.journal.log.SegmentScan;
import io.interstice.journal.log.SegmentScanner;
import io.interstice.journal.testkit.TestEvent;
import io.interstice.tests.CrashWriterProcess.Ack;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.persistence.AbstractPersistentActor;
import org.apache.pekko.persistence.RecoveryCompleted;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import scala.Option;

/**
 * The crash test: a child JVM ({@link CrashWriter}) persists events in a loop with {@code fsync =
 * always} and 64 KiB segments and is killed with SIGKILL at a random moment, many times over the
 * same data directory. Afterwards the log must hold every event a child reported as acknowledged,
 * under its exact sequence number, with every id's sequence numbers contiguous and unique and every
 * atomic write whole or absent; and every restart must have recovered (torn tails truncated, never
 * a refusal).
 *
 * <p>SIGKILL tears a frame only when it lands inside a write that crosses a page boundary, so after
 * about a third of the kills that left a clean tail the test appends a torn frame itself, as a
 * power loss would leave it, to make the next start cut one.
 *
 * <p>Random choices come from one seed, printed and settable with {@code -Dcrash.seed=...}. The
 * data directory and the children's stderr are kept when the test fails; the failure message says
 * where.
 */
class KillNineCrashTest {
  private static final int CYCLES = 30;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
  private static final int SIGKILL_EXIT_STATUS = 128 + 9;
  private static final Pattern TEXT = Pattern.compile("r(\\d+)\\.c(\\d+)\\.(\\d+)of(\\d+)\\.p*");

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  Path dir;

  @RegisterExtension final ChildProcesses children = new ChildProcesses();

  /** An event as recovered from the log. */
  private record Stored(long sequenceNr, String text) {}

  /** Which atomic write an event belongs to, decoded from its text (see {@link CrashWriter}). */
  private record Batch(int run, int command, int index, int size) {
    static Batch of(String text) {
      var m = TEXT.matcher(text);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a crash writer text: " + text);
      }
      return new Batch(
          Integer.parseInt(m.group(1)),
          Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)),
          Integer.parseInt(m.group(4)));
    }
  }

  @Test
  void shouldKeepEveryAcknowledgedEventThroughRepeatedKillNine() throws Exception {
    long seed = Long.getLong("crash.seed", System.nanoTime());
    var random = new Random(seed);
    var dataDir = dir.resolve("data");
    var context = "seed " + seed + ", data and child stderr kept in " + dir;
    var acks = new ArrayList<Ack>();
    int tornByKill = 0;
    int tornByTest = 0;
    for (int run = 1; run <= CYCLES; run++) {
      acks.addAll(runUntilKilled(dataDir, run, random, context));
      var tail = scanLastSegment(dataDir);
      if (tail.isEmpty()) {
        continue; // killed while a segment header was being written
      }
      var scan = tail.get();
      assertTrue(
          scan.damage().isEmpty(),
          () ->
              "SIGKILL left damage, not just a torn tail: " + scan.damage() + " (" + context + ")");
      if (scan.tornTail()) {
        tornByKill++;
      } else if (random.nextInt(3) == 0) {
        appendTornFrame(scan.file(), random);
        tornByTest++;
      }
    }

    var recovered = readBack(dataDir);
    var segments = segments(dataDir).size();
    System.out.printf(
        "crash test: seed %d, %d kills, %d acknowledged events, %d recovered, %d segments,"
            + " %d torn tails left by SIGKILL, %d appended by the test%n",
        seed,
        CYCLES,
        acks.size(),
        recovered.values().stream().mapToInt(List::size).sum(),
        segments,
        tornByKill,
        tornByTest);

    assertTrue(acks.size() > CYCLES, "the children acknowledged too little to test anything");
    assertTrue(segments > 1, "the log never rolled to a new segment; the test would miss rolls");
    assertEveryAckPresent(acks, recovered, context);
    assertContiguousAndUnique(recovered, context);
    assertAtomicWritesWhole(recovered, context);
  }

  /**
   * Starts a child, checks it recovered (READY), lets it write for a random while, SIGKILLs it and
   * returns what it acknowledged.
   */
  private List<Ack> runUntilKilled(Path dataDir, int run, Random random, String context)
      throws IOException, InterruptedException {
    var stderr = dir.resolve("child-" + run + ".stderr");
    var child = CrashWriterProcess.start(dataDir, stderr, run, random.nextLong());
    children.add(child.process());
    assertTrue(
        child.awaitReady(READY_TIMEOUT),
        () -> "child " + run + " never became READY (" + context + ")\n" + child.describe());
    if (random.nextBoolean()) {
      Thread.sleep(50 + random.nextInt(451));
    } else {
      child.awaitAcks(1 + random.nextInt(400), Duration.ofSeconds(10));
    }
    assertTrue(
        child.process().isAlive(),
        () -> "child " + run + " died before its kill (" + context + ")\n" + child.describe());
    int status = child.kill(KILL_TIMEOUT);
    assertEquals(
        SIGKILL_EXIT_STATUS,
        status,
        () -> "child " + run + " was not ended by SIGKILL (" + context + ")\n" + child.describe());
    return child.acks();
  }

  private static void assertEveryAckPresent(
      List<Ack> acks, Map<String, List<Stored>> recovered, String context) {
    var bySequenceNr = new HashMap<String, Map<Long, Stored>>();
    recovered.forEach(
        (id, events) -> {
          var map = new HashMap<Long, Stored>();
          events.forEach(e -> map.put(e.sequenceNr(), e));
          bySequenceNr.put(id, map);
        });
    var missing = new ArrayList<String>();
    for (var ack : acks) {
      var stored = bySequenceNr.getOrDefault(ack.persistenceId(), Map.of()).get(ack.sequenceNr());
      if (stored == null || !stored.text().equals(ack.text())) {
        missing.add(ack + " -> recovered " + stored);
      }
    }
    assertTrue(
        missing.isEmpty(),
        () ->
            missing.size()
                + " of "
                + acks.size()
                + " acknowledged events are not in the log as acknowledged ("
                + context
                + "), first: "
                + missing.subList(0, Math.min(10, missing.size())));
  }

  private static void assertContiguousAndUnique(
      Map<String, List<Stored>> recovered, String context) {
    recovered.forEach(
        (id, events) -> {
          var texts = new HashSet<String>();
          for (int i = 0; i < events.size(); i++) {
            var event = events.get(i);
            long expected = i + 1L;
            assertEquals(
                expected,
                event.sequenceNr(),
                () ->
                    id
                        + " is not contiguous: "
                        + event
                        + " at #"
                        + expected
                        + " ("
                        + context
                        + ")");
            assertTrue(
                texts.add(event.text()),
                () -> id + " holds " + event.text() + " twice (" + context + ")");
          }
        });
  }

  /** The events of one atomic write must be all present, adjacent and in order, or all absent. */
  private static void assertAtomicWritesWhole(Map<String, List<Stored>> recovered, String context) {
    recovered.forEach(
        (id, events) -> {
          int i = 0;
          while (i < events.size()) {
            var first = Batch.of(events.get(i).text());
            for (int k = 1; k <= first.size(); k++) {
              int at = i + k - 1;
              var expected = new Batch(first.run(), first.command(), k, first.size());
              var found = at < events.size() ? Batch.of(events.get(at).text()) : null;
              assertEquals(
                  expected,
                  found,
                  () ->
                      "atomic write of "
                          + id
                          + " recovered in part at #"
                          + (at + 1)
                          + " ("
                          + context
                          + ")");
            }
            i += first.size();
          }
        });
  }

  /** Recovers every writer's events in this JVM, through the journal as Pekko uses it. */
  private static Map<String, List<Stored>> readBack(Path dataDir) throws Exception {
    var system = ActorSystem.create("crash-check", CrashWriter.config(dataDir));
    try {
      var recovered = new LinkedHashMap<String, List<Stored>>();
      for (var id : CrashWriter.persistenceIds()) {
        var result = new CompletableFuture<List<Stored>>();
        system.actorOf(Props.create(HistoryReader.class, () -> new HistoryReader(id, result)));
        recovered.put(id, result.get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      }
      return recovered;
    } finally {
      system.terminate();
      system
          .getWhenTerminated()
          .toCompletableFuture()
          .get(KILL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static List<Path> segments(Path dataDir) throws IOException {
    try (Stream<Path> files = Files.list(dataDir.resolve("journal").resolve(CrashWriter.LOG_ID))) {
      return files
          .filter(f -> SegmentNames.segmentBase(f.getFileName().toString()).isPresent())
          .sorted()
          .toList();
    }
  }

  /** The scan of the last segment; empty when it has no complete header yet. */
  private static Optional<SegmentScan> scanLastSegment(Path dataDir) throws IOException {
    var all = segments(dataDir);
    if (all.isEmpty()) {
      return Optional.empty();
    }
    var last = all.get(all.size() - 1);
    if (Files.size(last) < SegmentHeader.of(0, CrashWriter.LOG_ID).length()) {
      return Optional.empty();
    }
    return Optional.of(SegmentScanner.scan(last, frame -> {}));
  }

  /**
   * Appends a write that never completed to a segment with a clean tail: either the header and part
   * of the body of a frame longer than what follows, or zeros (blocks the file system allocated but
   * the write never filled).
   */
  private static void appendTornFrame(Path segment, Random random) throws IOException {
    ByteBuffer tail;
    if (random.nextBoolean()) {
      int length = 64 + random.nextInt(512);
      var body = new byte[random.nextInt(length)];
      random.nextBytes(body);
      tail = ByteBuffer.allocate(FrameCodec.HEADER_LENGTH + body.length);
      tail.putInt(FrameCodec.OFFSET_LENGTH, length).putInt(FrameCodec.OFFSET_CRC, random.nextInt());
      tail.put(FrameCodec.HEADER_LENGTH, body);
    } else {
      tail = ByteBuffer.allocate(1 + random.nextInt(4096));
    }
    try (var channel = FileChannel.open(segment, StandardOpenOption.APPEND)) {
      while (tail.hasRemaining()) {
        channel.write(tail);
      }
    }
  }

  /** Recovers one id and hands over its events with their sequence numbers. */
  static final class HistoryReader extends AbstractPersistentActor {
    private final String persistenceId;
    private final CompletableFuture<List<Stored>> result;
    private final List<Stored> events = new ArrayList<>();

    HistoryReader(String persistenceId, CompletableFuture<List<Stored>> result) {
      this.persistenceId = persistenceId;
      this.result = result;
    }

    @Override
    public String persistenceId() {
      return persistenceId;
    }

    @Override
    public Receive createReceiveRecover() {
      return receiveBuilder()
          .match(TestEvent.class, e -> events.add(new Stored(lastSequenceNr(), e.text())))
          .match(
              RecoveryCompleted.class,
              done -> {
                result.complete(List.copyOf(events));
                getContext().stop(getSelf());
              })
          .build();
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder().build();
    }

    @Override
    public void onRecoveryFailure(Throwable cause, Option<Object> event) {
      result.completeExceptionally(cause);
    }
  }
}
