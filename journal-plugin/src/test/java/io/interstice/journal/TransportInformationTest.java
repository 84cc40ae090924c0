package io.interstice.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.interstice.journal.testkit.HeldRef;
import io.interstice.journal.testkit.SnapshotClient;
import io.interstice.journal.testkit.TestNode;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.ActorPath;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.SnapshotSelectionCriteria;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events and snapshots whose serializer needs Pekko's transport information (any serializer of an
 * ActorRef does) are written and read back: the reference they hold reaches its actor, and after
 * the ActorSystem restarted on the same data directory it names the same path in the new system.
 */
class TransportInformationTest {
  private static final String ID = "holder";

  @TempDir Path dir;

  /** Answers every reference it is sent with {@code greeting}. */
  private static Behavior<ActorRef<String>> echo(String greeting) {
    return Behaviors.receiveMessage(
        replyTo -> {
          replyTo.tell(greeting);
          return Behaviors.same();
        });
  }

  private static TestNode start(Path dataDir) {
    return TestNode.start(dataDir, "node-a", HeldRef.SERIALIZER_CONFIG);
  }

  @Test
  void shouldPersistAndRestoreAnActorRefInEventsAndSnapshots() {
    ActorPath echoPath;
    try (var node = start(dir)) {
      var echo = Adapter.spawn(node.system(), echo("first system"), "echo");
      echoPath = echo.path();
      var write = node.journal().atomicWrites(ID, 1, List.of(List.of(new HeldRef(echo))));
      var replies = node.journal().write(write);
      assertInstanceOf(
          JournalProtocol.WriteMessageSuccess.class, replies.get(0), replies.get(0)::toString);
      SnapshotClient.of(node.system()).save(ID, 1, new HeldRef(echo));

      var probe = TestProbe.<String>create(Adapter.toTyped(node.system()));
      replayedRef(node).tell(probe.ref());
      assertEquals("first system", probe.receiveMessage());
      snapshotRef(node).tell(probe.ref());
      assertEquals("first system", probe.receiveMessage());
    }

    try (var node = start(dir)) {
      Adapter.spawn(node.system(), echo("second system"), "echo");
      var probe = TestProbe.<String>create(Adapter.toTyped(node.system()));
      for (var restored : List.of(replayedRef(node), snapshotRef(node))) {
        assertEquals(echoPath, restored.path());
        // A reference names one incarnation; the restarted system's actor of the same path is
        // another one, reached through the path.
        node.system().actorSelection(restored.path()).tell(probe.ref(), null);
        assertEquals("second system", probe.receiveMessage());
      }
    }
  }

  private static ActorRef<ActorRef<String>> replayedRef(TestNode node) {
    var replayed = node.journal().replayAll(ID);
    assertEquals(List.of(1L), replayed.sequenceNrs());
    return ((HeldRef) replayed.payloads().get(0)).ref();
  }

  private static ActorRef<ActorRef<String>> snapshotRef(TestNode node) {
    var snapshot =
        SnapshotClient.of(node.system()).load(ID, SnapshotSelectionCriteria.latest()).orElseThrow();
    return ((HeldRef) snapshot.snapshot()).ref();
  }
}
