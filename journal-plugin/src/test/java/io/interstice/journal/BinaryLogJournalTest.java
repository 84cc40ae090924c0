package io.interstice.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.log.Frame;
import io.interstice.journal.log.JournalStore;
import io.interstice.journal.log.SegmentNames;
import io.interstice.journal.log.SegmentScanner;
import io.interstice.journal.testkit.ClassicRecorder;
import io.interstice.journal.testkit.JournalClient;
import io.interstice.journal.testkit.JournalTestConfig;
import io.interstice.journal.testkit.RecordingEntity;
import io.interstice.journal.testkit.TestEvent;
import io.interstice.journal.testkit.TestState;
import io.interstice.journal.testkit.UnregisteredEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.JournalProtocol.WriteMessageRejected;
import org.apache.pekko.persistence.JournalProtocol.WriteMessageSuccess;
import org.apache.pekko.persistence.PersistentRepr$;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The journal contract seen through the Pekko journal protocol and through real persistent actors:
 * atomic writes, rejection of what cannot be serialized, the highest sequence number, replay ranges
 * and deletion. One ActorSystem serves the whole class; every test uses its own persistence ids.
 */
class BinaryLogJournalTest {
  private static final long MAX = Long.MAX_VALUE;

  @TempDir static Path dir;
  private static ActorSystem classic;
  private static JournalClient journal;

  @BeforeAll
  static void startSystem() {
    classic = ActorSystem.create("journal", JournalTestConfig.of(dir, "node-a"));
    journal = JournalClient.of(classic);
    // Ten events in atomic writes of 3, 4, 1 and 2, so that ranges cut through frames.
    journal.write(
        journal.atomicWrites(
            "ranges", 1, List.of(texts(1, 3), texts(4, 7), texts(8, 8), texts(9, 10))));
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(classic);
  }

  private static List<Object> texts(int from, int to) {
    var events = new ArrayList<Object>();
    for (int i = from; i <= to; i++) {
      events.add(new TestEvent("e" + i));
    }
    return events;
  }

  private static List<Object> events(String... texts) {
    return Arrays.stream(texts).<Object>map(TestEvent::new).toList();
  }

  @Test
  void shouldStoreAPersistAllAsOneFrameAndReplayAllOfIt() {
    var entity = Adapter.spawn(classic, RecordingEntity.create("atomic"), "atomic");
    var acks = TestProbe.<StatusReply<Done>>create(Adapter.toTyped(classic));
    entity.tell(new RecordingEntity.Append(List.of("a", "b", "c"), acks.ref()));
    acks.expectMessage(StatusReply.ack());

    var frames = new ArrayList<Frame>();
    var segment = SegmentNames.segment(dir.resolve(JournalStore.JOURNAL_DIR).resolve("node-a"), 0);
    SegmentScanner.scan(
        segment,
        frame -> {
          if (frame.persistenceId().equals("atomic")) {
            frames.add(frame);
          }
        });
    assertEquals(1, frames.size(), "one persistAll, one frame");
    assertEquals(1, frames.get(0).firstSequenceNr());
    assertEquals(3, frames.get(0).lastSequenceNr());

    var replayed = journal.replayAll("atomic");
    assertEquals(events("a", "b", "c"), replayed.payloads());
    assertEquals(List.of(1L, 2L, 3L), replayed.sequenceNrs());
    stop(Adapter.toClassic(entity), new TestKit(classic));
  }

  @Test
  void shouldRejectOnlyTheAtomicWriteWhosePayloadCannotBeSerialized() {
    var replies =
        journal.write(
            journal.atomicWrites(
                "reject-middle",
                1,
                List.of(events("a"), events(TestEvent.UNSERIALIZABLE), events("c"))));

    assertInstanceOf(WriteMessageSuccess.class, replies.get(0));
    var rejected = assertInstanceOf(WriteMessageRejected.class, replies.get(1));
    assertEquals(2, rejected.message().sequenceNr());
    assertTrue(
        rejected.cause().getMessage().contains("cannot serialize events 2..2 of 'reject-middle'"),
        rejected.cause().getMessage());
    assertInstanceOf(WriteMessageSuccess.class, replies.get(2));

    var replayed = journal.replayAll("reject-middle");
    assertEquals(events("a", "c"), replayed.payloads());
    assertEquals(List.of(1L, 3L), replayed.sequenceNrs());
    assertEquals(3, replayed.highestSequenceNr());
  }

  @Test
  void shouldRejectAnUnregisteredKryoClassForItsAtomicWriteOnly() {
    var groups = List.of(events("a"), List.<Object>of(new UnregisteredEvent("no id")), events("c"));
    var replies = journal.write(journal.atomicWrites("reject-unregistered", 1, groups));

    assertInstanceOf(WriteMessageSuccess.class, replies.get(0));
    var rejected = assertInstanceOf(WriteMessageRejected.class, replies.get(1));
    assertTrue(
        rejected.cause().getMessage().contains(UnregisteredEvent.class.getName())
            && rejected.cause().getMessage().contains("is not registered with the Kryo serializer"),
        rejected.cause().getMessage());
    assertInstanceOf(WriteMessageSuccess.class, replies.get(2));
    assertEquals(events("a", "c"), journal.replayAll("reject-unregistered").payloads());
  }

  @Test
  void shouldRejectEveryEventOfAnAtomicWriteWhenOneOfThemCannotBeSerialized() {
    var groups = List.of(events("a", TestEvent.UNSERIALIZABLE, "c"), events("d"));
    var replies = journal.write(journal.atomicWrites("all-or-nothing", 1, groups));

    for (int i = 0; i < 3; i++) {
      assertInstanceOf(WriteMessageRejected.class, replies.get(i), "event " + (i + 1));
    }
    assertInstanceOf(WriteMessageSuccess.class, replies.get(3));
    var replayed = journal.replayAll("all-or-nothing");
    assertEquals(events("d"), replayed.payloads());
    assertEquals(List.of(4L), replayed.sequenceNrs());
  }

  @Test
  void shouldLetAClassicActorPersistAgainAfterARejectedEvent() {
    var reporter = new TestKit(classic);
    var actor = classic.actorOf(ClassicRecorder.props("rejected-classic", reporter.getRef()));
    reporter.expectMsgEquals(new ClassicRecorder.Recovered(0, TestState.empty()));

    actor.tell(new ClassicRecorder.Append(List.of("a")), reporter.getRef());
    reporter.expectMsgEquals(new ClassicRecorder.Appended(1, new TestState(List.of("a"))));

    actor.tell(new ClassicRecorder.Append(List.of(TestEvent.UNSERIALIZABLE)), reporter.getRef());
    var rejected = reporter.expectMsgClass(ClassicRecorder.Rejected.class);
    assertEquals(new TestEvent(TestEvent.UNSERIALIZABLE), rejected.event());
    assertEquals(2, rejected.sequenceNr());
    reporter.expectMsgEquals(new ClassicRecorder.Appended(2, new TestState(List.of("a"))));

    actor.tell(new ClassicRecorder.Append(List.of("c")), reporter.getRef());
    reporter.expectMsgEquals(new ClassicRecorder.Appended(3, new TestState(List.of("a", "c"))));

    stop(actor, reporter);
    classic.actorOf(ClassicRecorder.props("rejected-classic", reporter.getRef()));
    reporter.expectMsgEquals(new ClassicRecorder.Recovered(3, new TestState(List.of("a", "c"))));
  }

  private static void stop(ActorRef actor, TestKit probe) {
    probe.watch(actor);
    classic.stop(actor);
    probe.expectTerminated(actor);
  }

  @Test
  void shouldReportTheHighestSequenceNrOfWritesStillInFlight() {
    // Megabytes in one WriteMessages keep the writer busy while the reads below arrive.
    var groups = new ArrayList<List<Object>>();
    for (int frame = 0; frame < 100; frame++) {
      var events = new ArrayList<Object>();
      for (int i = 0; i < 20; i++) {
        events.add(new TestEvent(frame + "/" + i + "-" + "x".repeat(8000)));
      }
      groups.add(events);
    }
    var writer = journal.sendWrite(journal.atomicWrites("in-flight", 1, groups));

    long highestRightAfterWrite = journal.highestSequenceNr("in-flight");
    var replayedRightAfterWrite = journal.replay("in-flight", 1990, MAX, MAX);

    assertEquals(2000, highestRightAfterWrite);
    assertEquals(
        LongStream.rangeClosed(1990, 2000).boxed().toList(), replayedRightAfterWrite.sequenceNrs());
    assertEquals(2000, replayedRightAfterWrite.highestSequenceNr());
    journal
        .expectWriteReplies(writer, 2000)
        .forEach(r -> assertInstanceOf(WriteMessageSuccess.class, r));
  }

  @ParameterizedTest(name = "from {0} to {1} max {2} replays [{3}]")
  @CsvSource({
    "1, " + MAX + ", " + MAX + ", 1 2 3 4 5 6 7 8 9 10",
    "3, 6, " + MAX + ", 3 4 5 6",
    "3, 6, 2, 3 4",
    "2, 9, 5, 2 3 4 5 6",
    "1, " + MAX + ", 0, ''",
    "1, " + MAX + ", 1, 1",
    "9, " + MAX + ", 5, 9 10",
    "5, 5, " + MAX + ", 5",
    "0, 2, " + MAX + ", 1 2",
    "10, 10, 1, 10",
    "11, " + MAX + ", " + MAX + ", ''",
    "20, 30, " + MAX + ", ''",
    "6, 3, " + MAX + ", ''",
  })
  void shouldHonourFromToAndMaxExactly(long from, long to, long max, String expected) {
    var replayed = journal.replay("ranges", from, to, max);

    var expectedSeqs =
        expected.isBlank()
            ? List.<Long>of()
            : Arrays.stream(expected.split(" ")).map(Long::valueOf).toList();
    assertEquals(expectedSeqs, replayed.sequenceNrs());
    assertEquals(
        expectedSeqs.stream().map(seq -> new TestEvent("e" + seq)).toList(), replayed.payloads());
    assertEquals(10, replayed.highestSequenceNr(), "highest does not depend on the range");
  }

  @Test
  void shouldReplayTheMetadataEachEventWasWrittenWith() {
    var written =
        PersistentRepr$.MODULE$
            .apply(new TestEvent("m"), 1, "metadata", "adapter-v2", false, null, "writer-1")
            .withTimestamp(1234);
    journal.write(
        List.of(new AtomicWrite(CollectionConverters.asScala(List.of(written)).toList())));

    var replayed = journal.replayAll("metadata").events().get(0);

    assertEquals(new TestEvent("m"), replayed.payload());
    assertEquals("metadata", replayed.persistenceId());
    assertEquals(1, replayed.sequenceNr());
    assertEquals("adapter-v2", replayed.manifest());
    assertEquals("writer-1", replayed.writerUuid());
    assertEquals(1234, replayed.timestamp());
  }

  @Test
  void shouldReplayNothingAndReportZeroForAnUnknownId() {
    var replayed = journal.replayAll("never-written");
    assertEquals(List.of(), replayed.events());
    assertEquals(0, replayed.highestSequenceNr());
  }

  @Test
  void shouldRemoveDeletedEventsFromReplayButKeepTheHighest() {
    journal.writeTexts("delete-some", 1, List.of("a", "b", "c", "d", "e"));

    journal.deleteTo("delete-some", 3);

    var replayed = journal.replayAll("delete-some");
    assertEquals(events("d", "e"), replayed.payloads());
    assertEquals(5, replayed.highestSequenceNr());
    assertEquals(List.of(4L), journal.replay("delete-some", 2, 4, MAX).sequenceNrs());
    assertEquals(List.of(4L), journal.replay("delete-some", 1, MAX, 1).sequenceNrs());
  }

  @Test
  void shouldNeverLowerTheHighestWhenEveryEventIsDeleted() {
    journal.writeTexts("delete-all", 1, List.of("a", "b", "c"));

    journal.deleteTo("delete-all", 3);

    var replayed = journal.replayAll("delete-all");
    assertEquals(List.of(), replayed.events());
    assertEquals(3, replayed.highestSequenceNr());
  }

  @Test
  void shouldNeitherRaiseNorLowerTheHighestWhenDeletingBeyondIt() {
    journal.writeTexts("delete-beyond", 1, List.of("a", "b"));

    journal.deleteTo("delete-beyond", 100);

    assertEquals(2, journal.highestSequenceNr("delete-beyond"));
    journal.writeTexts("delete-beyond", 3, List.of("c"));
    var replayed = journal.replayAll("delete-beyond");
    assertEquals(events("c"), replayed.payloads(), "events after the old highest stay visible");
    assertEquals(3, replayed.highestSequenceNr());
  }

  @Test
  void shouldNeverUndoAnEarlierDeletion() {
    journal.writeTexts("delete-twice", 1, List.of("a", "b", "c", "d", "e"));

    journal.deleteTo("delete-twice", 4);
    journal.deleteTo("delete-twice", 2);

    assertEquals(events("e"), journal.replayAll("delete-twice").payloads());
  }

  @Test
  void shouldAcceptDeletingAnIdThatWasNeverWritten() {
    journal.deleteTo("delete-ghost", 7);

    assertEquals(0, journal.highestSequenceNr("delete-ghost"));
    journal.writeTexts("delete-ghost", 1, List.of("a", "b"));
    assertEquals(
        LongStream.rangeClosed(1, 2).boxed().toList(),
        journal.replayAll("delete-ghost").sequenceNrs());
  }
}
