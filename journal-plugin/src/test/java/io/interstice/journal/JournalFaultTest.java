package io.interstice.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.interstice.journal.testkit.FaultyChannels;
import io.interstice.journal.testkit.FaultyChannels.Fault;
import io.interstice.journal.testkit.JournalClient;
import io.interstice.journal.testkit.SubstitutedChannels;
import io.interstice.journal.testkit.TestEvent;
import io.interstice.journal.testkit.TestNode;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.persistence.JournalProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal of a running ActorSystem whose log fails a force: the write fails, and once the fault
 * is gone the journal reopens its log by itself and goes on, with every acknowledged event and
 * nothing of the failed write.
 */
class JournalFaultTest {
  @TempDir Path dir;
  @RegisterExtension final SubstitutedChannels substituted = new SubstitutedChannels(() -> dir);
  private final FaultyChannels channels = substituted.channels();

  private static List<Object> events(String... texts) {
    return List.of(texts).stream().map(t -> (Object) new TestEvent(t)).toList();
  }

  @Test
  void shouldReopenTheLogAfterAFailedForce() throws Exception {
    try (var node = TestNode.start(dir, "node-a")) {
      var journal = node.journal();
      journal.writeTexts("a", 1, List.of("a1", "a2"));
      channels.arm(Fault.FORCE_FAILS);

      var probe = journal.sendWrite(journal.atomicWrites("a", 3, List.of(events("a3"))));
      var failed =
          probe.expectMsgClass(
              JournalClient.REPLY_TIMEOUT, JournalProtocol.WriteMessagesFailed.class);
      assertInstanceOf(LogStoppedException.class, failed.cause());
      probe.expectMsgClass(JournalClient.REPLY_TIMEOUT, JournalProtocol.WriteMessageFailure.class);

      channels.disarm();
      assertEquals(2, journal.highestSequenceNr("a"));
      assertEquals(events("a1", "a2"), journal.replayAll("a").payloads());
      journal.writeTexts("a", 3, List.of("a3, once the fault is gone"));
      journal.writeTexts("b", 1, List.of("b1"));
      assertEquals(
          events("a1", "a2", "a3, once the fault is gone"), journal.replayAll("a").payloads());
    }
    try (var node = TestNode.start(dir, "node-a")) {
      assertEquals(
          events("a1", "a2", "a3, once the fault is gone"),
          node.journal().replayAll("a").payloads());
      assertEquals(events("b1"), node.journal().replayAll("b").payloads());
    }
  }
}
