package io.interstice.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.interstice.journal.testkit.JournalTestConfig;
import io.interstice.journal.testkit.RecordingEntity;
import io.interstice.journal.testkit.TestState;
import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.pattern.StatusReply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
  @TempDir Path dir;

  @Test
  void shouldRecoverAfterRestart() {
    var kit = ActorTestKit.create("a", JournalTestConfig.of(dir, "node-a"));
    var ref = kit.spawn(RecordingEntity.create("p1"));
    var probe = kit.<StatusReply<org.apache.pekko.Done>>createTestProbe();
    ref.tell(new RecordingEntity.Append(List.of("x", "y"), probe.ref()));
    probe.expectMessage(StatusReply.ack());
    ref.tell(new RecordingEntity.Append(List.of("z"), probe.ref()));
    probe.expectMessage(StatusReply.ack());
    kit.shutdownTestKit();
    var kit2 = ActorTestKit.create("a", JournalTestConfig.of(dir, "node-a"));
    var ref2 = kit2.spawn(RecordingEntity.create("p1"));
    var sp = kit2.<TestState>createTestProbe();
    ref2.tell(new RecordingEntity.Get(sp.ref()));
    assertEquals(List.of("x", "y", "z"), sp.receiveMessage().texts());
    kit2.shutdownTestKit();
  }
}
