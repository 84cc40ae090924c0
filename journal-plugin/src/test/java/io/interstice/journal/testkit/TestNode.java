package io.interstice.journal.testkit;

import java.nio.file.Path;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.testkit.javadsl.TestKit;

/**
 * One node of a test cluster: an ActorSystem whose journal and snapshot store live in a shared data
 * directory under its own log id. Runs typed {@link RecordingEntity}s and classic {@link
 * ClassicRecorder}s, each started for one step and stopped after it, as sharding would move them.
 */
public final class TestNode implements AutoCloseable {
  private final ActorSystem system;
  private final String logId;

  private TestNode(ActorSystem system, String logId) {
    this.system = system;
    this.logId = logId;
  }

  /** Starts a node on {@code dataDir} with log id {@code logId}. */
  public static TestNode start(Path dataDir, String logId) {
    return start(dataDir, logId, "");
  }

  /** Starts a node with extra HOCON, e.g. {@code interstice.journal.segment-size = 4KiB}. */
  public static TestNode start(Path dataDir, String logId, String extra) {
    return new TestNode(
        ActorSystem.create("node-" + logId, JournalTestConfig.of(dataDir, logId, extra)), logId);
  }

  public ActorSystem system() {
    return system;
  }

  public String logId() {
    return logId;
  }

  public JournalClient journal() {
    return JournalClient.of(system);
  }

  /** Starts {@link RecordingEntity} {@code id}, persists each batch atomically, stops it. */
  @SafeVarargs
  public final void append(String persistenceId, List<String>... batches) {
    var entity = Adapter.spawnAnonymous(system, RecordingEntity.create(persistenceId));
    var acks = TestProbe.<StatusReply<Done>>create(Adapter.toTyped(system));
    for (var batch : batches) {
      entity.tell(new RecordingEntity.Append(batch, acks.ref()));
      acks.expectMessage(StatusReply.ack());
    }
    stop(Adapter.toClassic(entity));
  }

  /**
   * Starts {@link RecordingEntity} {@code id} (snapshotting every {@code snapshotEvery} events, or
   * never with 0), persists each text on its own, stops it.
   */
  public void appendEach(String persistenceId, int snapshotEvery, List<String> texts) {
    var entity =
        Adapter.spawnAnonymous(system, RecordingEntity.create(persistenceId, snapshotEvery));
    var acks = TestProbe.<StatusReply<Done>>create(Adapter.toTyped(system));
    for (var text : texts) {
      entity.tell(new RecordingEntity.Append(List.of(text), acks.ref()));
      acks.expectMessage(StatusReply.ack());
    }
    stop(Adapter.toClassic(entity));
  }

  /** The recovered state of {@link RecordingEntity} {@code id}; the entity is stopped after. */
  public TestState state(String persistenceId) {
    var entity = Adapter.spawnAnonymous(system, RecordingEntity.create(persistenceId));
    var probe = TestProbe.<TestState>create(Adapter.toTyped(system));
    entity.tell(new RecordingEntity.Get(probe.ref()));
    var state = probe.receiveMessage();
    stop(Adapter.toClassic(entity));
    return state;
  }

  /**
   * Starts a {@link ClassicRecorder} reporting to {@code reporter} and returns it; the first report
   * is its {@link ClassicRecorder.Recovered} (or {@link ClassicRecorder.RecoveryFailed}).
   */
  public ActorRef startRecorder(String persistenceId, TestKit reporter) {
    return system.actorOf(ClassicRecorder.props(persistenceId, reporter.getRef()));
  }

  /** A probe on this node. */
  public TestKit probe() {
    return new TestKit(system);
  }

  /** Stops an actor and waits until it is gone. */
  public void stop(ActorRef actor) {
    var watcher = new TestKit(system);
    watcher.watch(actor);
    system.stop(actor);
    watcher.expectTerminated(actor);
  }

  /** Terminates the ActorSystem and waits for it, which closes the journal and frees its lock. */
  @Override
  public void close() {
    TestKit.shutdownActorSystem(system);
  }
}
