package io.interstice.tests.damage;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.interstice.journal.testkit.TestEvent;
import io.interstice.journal.testkit.TestState;
import io.interstice.tests.CrashWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.persistence.AbstractPersistentActor;
import org.apache.pekko.persistence.DeleteMessagesFailure;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.apache.pekko.persistence.RecoveryCompleted;
import org.apache.pekko.persistence.SaveSnapshotFailure;
import org.apache.pekko.persistence.SaveSnapshotSuccess;
import scala.Option;

/**
 * The child JVM of the damage suite: writes one log under concurrent load, to be killed with
 * SIGKILL. {@link #IDS} classic persistent actors persist atomic {@code persistAll} batches of 1 to
 * 5 {@link TestEvent}s whose texts follow {@link EventText}. Ids 0 and 1 also save a snapshot (a
 * {@link TestState} of every text so far) every {@link #SNAPSHOT_EVERY} events and delete their
 * events up to it once it is saved; ids 2 and 3 save snapshots without deleting; the rest only
 * persist. The deleting ids start alone, so that the first segment holds only their events and is
 * removed once they are deleted, as a long-running node removes segments; the others join after
 * {@link #DELETIONS_BEFORE_ALL_WRITE} deletions of each. Report lines, each written only once Pekko
 * confirmed what it reports, a whole batch in one write:
 *
 * <pre>
 * READY                          every actor recovered
 * ACK &lt;id&gt; &lt;seq&gt; &lt;text&gt;         an event whose atomic write is acknowledged
 * SNAP &lt;id&gt; &lt;seq&gt;                a snapshot was saved at seq
 * DELETED &lt;id&gt; &lt;seq&gt;             events up to seq were deleted
 * </pre>
 *
 * <p>Usage: {@code DamageWriter <data-dir> <seed>}. Logging goes to stderr; a failure halts the JVM
 * with a non-zero status so the parent sees it die before its kill, and so does a closed stdin.
 */
public final class DamageWriter {
  /** Number of persistent actors writing concurrently. */
  public static final int IDS = 8;

  /** Segments this small roll every few hundred events, so a short run spans several. */
  public static final long SEGMENT_SIZE = 32 * 1024;

  /** Events between two snapshots of an id that takes them. */
  static final int SNAPSHOT_EVERY = 50;

  /** Confirmed deletions of each deleting id before the other ids start writing. */
  static final int DELETIONS_BEFORE_ALL_WRITE = 3;

  static final String READY = "READY";
  static final String ACK = "ACK";
  static final String SNAP = "SNAP";
  static final String DELETED = "DELETED";

  private static final int MAX_BATCH = 5;
  private static final int MAX_PADDING = 60;
  private static final int EXIT_FAILED = 3;
  private static final String NEXT = "next";
  private static final PrintStream OUT = System.out;

  private DamageWriter() {}

  /** What an actor does besides persisting. */
  enum Role {
    SNAPSHOTS_AND_DELETIONS,
    SNAPSHOTS,
    EVENTS_ONLY;

    static Role of(int i) {
      return i < 2 ? SNAPSHOTS_AND_DELETIONS : i < 4 ? SNAPSHOTS : EVENTS_ONLY;
    }
  }

  /** Persistence id of writer {@code i}. */
  public static String persistenceId(int i) {
    return "damage-" + i;
  }

  /** Every persistence id the writers use. */
  public static List<String> persistenceIds() {
    return IntStream.range(0, IDS).mapToObj(DamageWriter::persistenceId).toList();
  }

  /** The crash test's journal configuration in {@code dataDir}, with this writer's segments. */
  public static Config config(Path dataDir) {
    return ConfigFactory.parseString("interstice.journal.segment-size = " + SEGMENT_SIZE)
        .withFallback(CrashWriter.config(dataDir));
  }

  public static void main(String[] args) throws InterruptedException {
    var dataDir = Path.of(args[0]);
    var random = new SplittableRandom(Long.parseLong(args[1]));
    CrashWriter.haltWhenParentGoes();
    var system = ActorSystem.create("damage-writer", config(dataDir));
    var recovered = new CountDownLatch(IDS);
    var deleting =
        IntStream.range(0, IDS).filter(i -> Role.of(i) == Role.SNAPSHOTS_AND_DELETIONS).count();
    var deletersDone = new CountDownLatch((int) deleting);
    var first = new ArrayList<ActorRef>();
    var later = new ArrayList<ActorRef>();
    for (int i = 0; i < IDS; i++) {
      var id = persistenceId(i);
      var role = Role.of(i);
      var own = random.split();
      var writer =
          system.actorOf(
              Props.create(Writer.class, () -> new Writer(id, role, own, recovered, deletersDone)));
      (role == Role.SNAPSHOTS_AND_DELETIONS ? first : later).add(writer);
    }
    if (!recovered.await(60, TimeUnit.SECONDS)) {
      fail("recovery of " + recovered.getCount() + " writer(s) did not complete", null);
    }
    emit(READY + "\n");
    first.forEach(w -> w.tell(NEXT, ActorRef.noSender()));
    if (!deletersDone.await(60, TimeUnit.SECONDS)) {
      fail("the deleting writers did not delete " + DELETIONS_BEFORE_ALL_WRITE + " times", null);
    }
    later.forEach(w -> w.tell(NEXT, ActorRef.noSender()));
  }

  /** One write to the pipe per block, so a kill never leaves half a report behind. */
  private static synchronized void emit(CharSequence lines) {
    OUT.print(lines);
    OUT.flush();
  }

  private static void fail(String what, Throwable cause) {
    System.err.println(what);
    if (cause != null) {
      cause.printStackTrace();
    }
    Runtime.getRuntime().halt(EXIT_FAILED);
  }

  /** A persistent actor that persists one atomic batch after another, reporting each. */
  static final class Writer extends AbstractPersistentActor {
    private final String persistenceId;
    private final Role role;
    private final SplittableRandom random;
    private final CountDownLatch recovered;
    private final CountDownLatch deletersDone;
    // Every text persisted so far: the state a snapshot saves. Mutable, owned by this actor.
    private final List<String> texts = new ArrayList<>();
    private long lastSnapshotAt;
    private int commands;
    private int deletions;

    Writer(
        String persistenceId,
        Role role,
        SplittableRandom random,
        CountDownLatch recovered,
        CountDownLatch deletersDone) {
      this.persistenceId = persistenceId;
      this.role = role;
      this.random = random;
      this.recovered = recovered;
      this.deletersDone = deletersDone;
    }

    @Override
    public String persistenceId() {
      return persistenceId;
    }

    @Override
    public Receive createReceiveRecover() {
      return receiveBuilder()
          .match(TestEvent.class, event -> texts.add(event.text()))
          .match(RecoveryCompleted.class, done -> recovered.countDown())
          .build();
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .matchEquals(NEXT, next -> persistNextBatch())
          .match(SaveSnapshotSuccess.class, this::onSnapshotSaved)
          .match(DeleteMessagesSuccess.class, this::onDeleted)
          .match(SaveSnapshotFailure.class, f -> fail(persistenceId + " snapshot", f.cause()))
          .match(DeleteMessagesFailure.class, f -> fail(persistenceId + " delete", f.cause()))
          .build();
    }

    private void persistNextBatch() {
      int command = ++commands;
      int size = 1 + random.nextInt(MAX_BATCH);
      // Sequence numbers are predictable: one batch at a time, the next starts after the last.
      long first = lastSequenceNr() + 1;
      var events = new ArrayList<TestEvent>();
      for (int k = 1; k <= size; k++) {
        var text = new EventText(persistenceId, first + k - 1, command, k, size);
        events.add(new TestEvent(text.withPadding(padding())));
      }
      var report = new StringBuilder();
      int[] acknowledged = {0};
      persistAll(
          events,
          event -> {
            if (!EventText.belongsAt(event.text(), persistenceId, lastSequenceNr())) {
              fail(event.text() + " was persisted at #" + lastSequenceNr(), null);
            }
            texts.add(event.text());
            report.append(ACK).append(' ').append(persistenceId).append(' ');
            report.append(lastSequenceNr()).append(' ').append(event.text()).append('\n');
            if (++acknowledged[0] == size) {
              emit(report);
              maybeSnapshot();
              self().tell(NEXT, self());
            }
          });
    }

    private String padding() {
      var chars = new char[random.nextInt(MAX_PADDING + 1)];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = (char) ('a' + random.nextInt(26));
      }
      return new String(chars);
    }

    private void maybeSnapshot() {
      if (role != Role.EVENTS_ONLY && lastSequenceNr() - lastSnapshotAt >= SNAPSHOT_EVERY) {
        lastSnapshotAt = lastSequenceNr();
        saveSnapshot(new TestState(texts));
      }
    }

    private void onSnapshotSaved(SaveSnapshotSuccess saved) {
      long seq = saved.metadata().sequenceNr();
      emit(SNAP + " " + persistenceId + " " + seq + "\n");
      if (role == Role.SNAPSHOTS_AND_DELETIONS) {
        deleteMessages(seq);
      }
    }

    private void onDeleted(DeleteMessagesSuccess deleted) {
      emit(DELETED + " " + persistenceId + " " + deleted.toSequenceNr() + "\n");
      if (++deletions == DELETIONS_BEFORE_ALL_WRITE) {
        deletersDone.countDown();
      }
    }

    @Override
    public void onRecoveryFailure(Throwable cause, Option<Object> event) {
      fail("recovery of " + persistenceId + " failed", cause);
    }

    @Override
    public void onPersistFailure(Throwable cause, Object event, long seqNr) {
      fail("write of " + persistenceId + " #" + seqNr + " failed", cause);
    }

    @Override
    public void onPersistRejected(Throwable cause, Object event, long seqNr) {
      fail("write of " + persistenceId + " #" + seqNr + " rejected", cause);
    }
  }
}
