package io.interstice.journal.testkit;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.DeleteMessagesFailure;
import org.apache.pekko.persistence.DeleteMessagesSuccess;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.persistence.PersistentEnvelope;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.PersistentRepr$;
import org.apache.pekko.testkit.javadsl.TestKit;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Talks to the journal of an ActorSystem with the Pekko journal protocol itself ({@code
 * WriteMessages}, {@code ReplayMessages}, {@code DeleteMessagesTo}), as a persistent actor would,
 * so that tests see exactly what the plugin answers.
 */
public final class JournalClient {
  /** Generous bound for a reply; a healthy journal answers in milliseconds. */
  public static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

  private final ActorSystem system;
  private final ActorRef journal;
  private final String writerUuid = UUID.randomUUID().toString();

  private JournalClient(ActorSystem system, ActorRef journal) {
    this.system = system;
    this.journal = journal;
  }

  /** The client of the {@code interstice.journal} plugin of {@code system}. */
  public static JournalClient of(ActorSystem system) {
    return new JournalClient(
        system, Persistence.get(system).journalFor("interstice.journal", ConfigFactory.empty()));
  }

  public ActorRef journal() {
    return journal;
  }

  /** What a replay returned: the events in the order received, and the highest sequence number. */
  public record Replayed(List<PersistentRepr> events, long highestSequenceNr) {
    public List<Long> sequenceNrs() {
      return events.stream().map(PersistentRepr::sequenceNr).toList();
    }

    public List<Object> payloads() {
      return events.stream().map(PersistentRepr::payload).toList();
    }
  }

  /**
   * One event per payload, numbered from {@code firstSequenceNr}, grouped into atomic writes of the
   * given sizes: {@code atomicWrites(pid, 1, List.of(List.of(a, b), List.of(c)))} is two writes.
   */
  public List<AtomicWrite> atomicWrites(
      String persistenceId, long firstSequenceNr, List<List<Object>> groups) {
    var writes = new ArrayList<AtomicWrite>();
    long seq = firstSequenceNr;
    for (var group : groups) {
      var reprs = new ArrayList<PersistentRepr>();
      for (var payload : group) {
        reprs.add(repr(persistenceId, seq++, payload));
      }
      writes.add(new AtomicWrite(CollectionConverters.asScala(reprs).toList()));
    }
    return writes;
  }

  private PersistentRepr repr(String persistenceId, long sequenceNr, Object payload) {
    return PersistentRepr$.MODULE$.apply(
        payload, sequenceNr, persistenceId, "", false, ActorRef.noSender(), writerUuid);
  }

  /** Sends one {@code WriteMessages} and returns the probe its replies will reach. */
  public TestKit sendWrite(List<AtomicWrite> writes) {
    var probe = new TestKit(system);
    var envelopes = new ArrayList<PersistentEnvelope>(writes);
    journal.tell(
        new JournalProtocol.WriteMessages(
            CollectionConverters.asScala(envelopes).toList(), probe.getRef(), 1),
        ActorRef.noSender());
    return probe;
  }

  /**
   * Waits for the replies to a {@code WriteMessages} of {@code eventCount} events: the batch reply,
   * then one reply per event ({@code WriteMessageSuccess} or {@code WriteMessageRejected}).
   */
  public List<JournalProtocol.Response> expectWriteReplies(TestKit probe, int eventCount) {
    var batch = probe.expectMsgClass(REPLY_TIMEOUT, JournalProtocol.Response.class);
    if (batch instanceof JournalProtocol.WriteMessagesFailed failed) {
      throw new AssertionError("the whole write failed", failed.cause());
    }
    if (batch != JournalProtocol.WriteMessagesSuccessful$.MODULE$) {
      throw new AssertionError("expected WriteMessagesSuccessful, got " + batch);
    }
    var replies = new ArrayList<JournalProtocol.Response>();
    for (int i = 0; i < eventCount; i++) {
      replies.add(probe.expectMsgClass(REPLY_TIMEOUT, JournalProtocol.Response.class));
    }
    return replies;
  }

  /** Writes and waits for every reply. */
  public List<JournalProtocol.Response> write(List<AtomicWrite> writes) {
    int events = writes.stream().mapToInt(AtomicWrite::size).sum();
    return expectWriteReplies(sendWrite(writes), events);
  }

  /** Writes {@code texts} as {@link TestEvent}s, one atomic write each, from {@code firstSeq}. */
  public void writeTexts(String persistenceId, long firstSequenceNr, List<String> texts) {
    var groups = texts.stream().map(t -> List.<Object>of(new TestEvent(t))).toList();
    for (var reply : write(atomicWrites(persistenceId, firstSequenceNr, groups))) {
      if (!(reply instanceof JournalProtocol.WriteMessageSuccess)) {
        throw new AssertionError("expected every write to succeed, got " + reply);
      }
    }
  }

  /** Sends {@code ReplayMessages} and collects the replay up to its final reply. */
  public Replayed replay(String persistenceId, long from, long to, long max) {
    var probe = new TestKit(system);
    journal.tell(
        new JournalProtocol.ReplayMessages(from, to, max, persistenceId, probe.getRef()),
        ActorRef.noSender());
    return collectReplay(probe);
  }

  /** Collects {@code ReplayedMessage}s until {@code RecoverySuccess}; fails on a failure reply. */
  public static Replayed collectReplay(TestKit probe) {
    var events = new ArrayList<PersistentRepr>();
    while (true) {
      var reply = probe.expectMsgClass(REPLY_TIMEOUT, Object.class);
      if (reply instanceof JournalProtocol.ReplayedMessage replayed) {
        events.add(replayed.persistent());
      } else if (reply instanceof JournalProtocol.RecoverySuccess success) {
        return new Replayed(events, success.highestSequenceNr());
      } else if (reply instanceof JournalProtocol.ReplayMessagesFailure failure) {
        throw new AssertionError("replay failed", failure.cause());
      } else {
        throw new AssertionError("unexpected reply to ReplayMessages: " + reply);
      }
    }
  }

  /** The whole replay of an id. */
  public Replayed replayAll(String persistenceId) {
    return replay(persistenceId, 1, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  /** The highest sequence number as the journal reports it when asked for no events. */
  public long highestSequenceNr(String persistenceId) {
    return replay(persistenceId, 1, Long.MAX_VALUE, 0).highestSequenceNr();
  }

  /** Sends {@code DeleteMessagesTo} and waits for its success. */
  public void deleteTo(String persistenceId, long toSequenceNr) {
    var probe = new TestKit(system);
    journal.tell(
        new JournalProtocol.DeleteMessagesTo(persistenceId, toSequenceNr, probe.getRef()),
        ActorRef.noSender());
    var reply = probe.expectMsgClass(REPLY_TIMEOUT, Object.class);
    if (reply instanceof DeleteMessagesFailure failure) {
      throw new AssertionError("deletion failed", failure.cause());
    }
    if (!(reply instanceof DeleteMessagesSuccess)) {
      throw new AssertionError("unexpected reply to DeleteMessagesTo: " + reply);
    }
  }
}
