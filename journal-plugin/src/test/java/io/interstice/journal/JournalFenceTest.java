package io.interstice.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.log.JournalStore;
import io.interstice.journal.log.internal.PersistenceHistory;
import io.interstice.journal.log.internal.PersistenceHistory.Owner;
import io.interstice.journal.testkit.ClassicRecorder;
import io.interstice.journal.testkit.TestNode;
import io.interstice.journal.testkit.TestState;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal plugin obeying the fence the runtime registers ({@link JournalRegistry#fence}):
 * persistent actors whose lease is held write as always; one whose lease is lost has its persist
 * fail, the event unacknowledged, and the actor stopped.
 */
class JournalFenceTest {
  @TempDir Path dir;

  /** Ids this node holds the lease of. */
  private final Set<String> held = ConcurrentHashMap.newKeySet();

  private TestNode fencedNode(String logId) {
    var node = TestNode.start(dir, logId);
    JournalRegistry.ID.get(node.system()).fence(held::contains);
    return node;
  }

  private List<Owner> owners(String persistenceId) {
    return new PersistenceHistory(
            dir.resolve(JournalStore.JOURNAL_DIR).resolve(JournalStore.HISTORIES_DIR))
        .owners(persistenceId);
  }

  @Test
  void shouldFailThePersistOfAnActorWhoseLeaseIsLostAndNeverAcknowledgeIt() {
    try (var a = fencedNode("node-a")) {
      held.add("moving");
      a.append("moving", List.of("a1", "a2"));
      var reporter = a.probe();
      var actor = a.startRecorder("moving", reporter);
      reporter.expectMsgClass(ClassicRecorder.Recovered.class);
      reporter.watch(actor);
      held.remove("moving");

      actor.tell(new ClassicRecorder.Append(List.of("a3")), reporter.getRef());

      var failed = reporter.expectMsgClass(ClassicRecorder.PersistFailed.class);
      assertEquals(3, failed.sequenceNr());
      var fenced = assertInstanceOf(FencedWriteException.class, failed.cause());
      assertEquals("moving", fenced.persistenceId());
      reporter.expectTerminated(actor);
    }
    try (var b = TestNode.start(dir, "node-b")) {
      var reporter = b.probe();
      b.startRecorder("moving", reporter);
      reporter.expectMsgEquals(
          new ClassicRecorder.Recovered(2, new TestState(List.of("a1", "a2"))));
    }
  }

  @Test
  void shouldClaimAnIdWhenItsActorRecoversOnANodeThatHoldsItsLease() {
    try (var a = fencedNode("node-a")) {
      held.add("moved");
      a.append("moved", List.of("a1", "a2"));
    }
    try (var b = fencedNode("node-b")) {
      var reporter = b.probe();
      b.startRecorder("moved", reporter);
      reporter.expectMsgClass(ClassicRecorder.Recovered.class);

      assertEquals(List.of(new Owner("node-a", 1), new Owner("node-b", 3)), owners("moved"));
    }
  }

  @Test
  void shouldLetEveryWriteThroughWithoutAFence() {
    try (var a = TestNode.start(dir, "node-a")) {
      a.append("free", List.of("a1"), List.of("a2"));
      assertTrue(JournalRegistry.ID.get(a.system()).fence() == WriteFence.NONE);
      assertEquals(List.of("a1", "a2"), a.state("free").texts());
    }
  }
}
