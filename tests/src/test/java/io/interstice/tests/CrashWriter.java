package io.interstice.tests;

import com.typesafe.config.Config;
import io.interstice.journal.testkit.JournalTestConfig;
import io.interstice.journal.testkit.TestEvent;
import java.io.IOException;
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
import org.apache.pekko.persistence.RecoveryCompleted;
import scala.Option;

/**
 * The child JVM of {@link KillNineCrashTest}: recovers {@link #IDS} persistent actors from the
 * journal in a data directory, prints {@code READY}, then has every actor persist events in a loop
 * (single events and atomic {@code persistAll} batches of two or three) until the process is
 * killed. Each event is reported on stdout only once its whole atomic write is acknowledged:
 *
 * <pre>
 * ACK &lt;persistence id&gt; &lt;sequence number&gt; &lt;text&gt;
 * </pre>
 *
 * A text reads {@code r<run>.c<command>.<k>of<n>.<padding>}: event k of the n events that one
 * command of one run persisted atomically, so the parent can check atomicity from the log alone.
 *
 * <p>Usage: {@code CrashWriter <data-dir> <run> <seed>}. Logging goes to stderr (see {@code
 * crash-writer-logback.xml}); a failed recovery or write halts the JVM with a non-zero status so
 * the parent sees it die before its kill. When stdin closes (the parent died) the child halts too.
 */
public final class CrashWriter {
  /** Number of persistent actors writing concurrently. */
  public static final int IDS = 8;

  /** Name of this node's log; the parent opens the same log to verify it. */
  public static final String LOG_ID = "node-1";

  /** Journal settings: durable acknowledgements and segments small enough to roll often. */
  public static final String JOURNAL_SETTINGS =
      """
      interstice.journal.fsync = always
      interstice.journal.segment-size = 64KiB
      """;

  static final String READY = "READY";
  static final String ACK = "ACK";

  private static final int EXIT_NOT_RECOVERED = 2;
  private static final int EXIT_RECOVERY_FAILED = 3;
  private static final int EXIT_WRITE_FAILED = 4;

  /** Command an actor sends itself to persist its next batch. */
  private static final String NEXT = "next";

  private static final PrintStream OUT = System.out;

  private CrashWriter() {}

  /** Persistence id of writer {@code i}. */
  public static String persistenceId(int i) {
    return "crash-" + i;
  }

  /** Every persistence id the writers use. */
  public static List<String> persistenceIds() {
    return IntStream.range(0, IDS).mapToObj(CrashWriter::persistenceId).toList();
  }

  /**
   * Configuration of an ActorSystem on the crash test's journal in {@code dataDir}. The snapshot
   * store's directory is set explicitly: {@link JournalTestConfig} overrides only the journal's,
   * and the snapshot store's default {@code ${interstice.journal.dir}} is already resolved to the
   * relative {@code data} by then.
   */
  public static Config config(Path dataDir) {
    var dir = dataDir.toAbsolutePath().toString().replace("\\", "\\\\");
    return JournalTestConfig.of(
        dataDir,
        LOG_ID,
        JOURNAL_SETTINGS
            + "interstice.snapshot-store.dir = \""
            + dir
            + "\"\n"
            + """
            pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
            pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
            pekko.stdout-loglevel = OFF
            """);
  }

  public static void main(String[] args) throws InterruptedException {
    var dataDir = Path.of(args[0]);
    int run = Integer.parseInt(args[1]);
    long seed = Long.parseLong(args[2]);
    haltWhenParentGoes();
    var system = ActorSystem.create("crash-writer", config(dataDir));
    var recovered = new CountDownLatch(IDS);
    var random = new SplittableRandom(seed);
    var writers = new ArrayList<ActorRef>();
    for (var id : persistenceIds()) {
      var own = random.split();
      writers.add(
          system.actorOf(Props.create(Writer.class, () -> new Writer(id, run, own, recovered))));
    }
    if (!recovered.await(60, TimeUnit.SECONDS)) {
      System.err.println("recovery of " + recovered.getCount() + " writer(s) did not complete");
      Runtime.getRuntime().halt(EXIT_NOT_RECOVERED);
    }
    emit(READY + "\n");
    writers.forEach(w -> w.tell(NEXT, ActorRef.noSender()));
  }

  /** One write to the pipe per block, so a kill never leaves half a report line behind. */
  private static synchronized void emit(CharSequence lines) {
    OUT.print(lines);
    OUT.flush();
  }

  /** Halts this JVM when stdin closes, which means the parent test JVM is gone. */
  public static void haltWhenParentGoes() {
    var guard =
        new Thread(
            () -> {
              try {
                while (System.in.read() != -1) {
                  // the parent never writes; EOF means it is gone
                }
              } catch (IOException e) {
                // a broken stdin also means the parent is gone
              }
              Runtime.getRuntime().halt(0);
            },
            "parent-guard");
    guard.setDaemon(true);
    guard.start();
  }

  /** A persistent actor that persists one batch after another, reporting each acknowledged one. */
  static final class Writer extends AbstractPersistentActor {
    private final String persistenceId;
    private final int run;
    private final SplittableRandom random;
    private final CountDownLatch recovered;
    private int commands;

    Writer(String persistenceId, int run, SplittableRandom random, CountDownLatch recovered) {
      this.persistenceId = persistenceId;
      this.run = run;
      this.random = random;
      this.recovered = recovered;
    }

    @Override
    public String persistenceId() {
      return persistenceId;
    }

    @Override
    public Receive createReceiveRecover() {
      return receiveBuilder()
          .match(TestEvent.class, event -> {})
          .match(RecoveryCompleted.class, done -> recovered.countDown())
          .build();
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder().matchEquals(NEXT, next -> persistNextBatch()).build();
    }

    private void persistNextBatch() {
      int command = ++commands;
      int size = random.nextInt(10) < 7 ? 1 : 2 + random.nextInt(2);
      var padding = "p".repeat(random.nextInt(200));
      var events = new ArrayList<TestEvent>();
      for (int k = 1; k <= size; k++) {
        events.add(
            new TestEvent("r" + run + ".c" + command + "." + k + "of" + size + "." + padding));
      }
      var report = new StringBuilder();
      int[] acknowledged = {0};
      persistAll(
          events,
          event -> {
            report.append(ACK).append(' ').append(persistenceId).append(' ');
            report.append(lastSequenceNr()).append(' ').append(event.text()).append('\n');
            // Handlers run once the whole atomic write is acknowledged; report it in one piece.
            if (++acknowledged[0] == size) {
              emit(report);
              self().tell(NEXT, self());
            }
          });
    }

    @Override
    public void onRecoveryFailure(Throwable cause, Option<Object> event) {
      System.err.println("recovery of " + persistenceId + " failed: " + cause);
      cause.printStackTrace();
      Runtime.getRuntime().halt(EXIT_RECOVERY_FAILED);
    }

    @Override
    public void onPersistFailure(Throwable cause, Object event, long seqNr) {
      System.err.println("write of " + persistenceId + " #" + seqNr + " failed: " + cause);
      cause.printStackTrace();
      Runtime.getRuntime().halt(EXIT_WRITE_FAILED);
    }

    @Override
    public void onPersistRejected(Throwable cause, Object event, long seqNr) {
      System.err.println("write of " + persistenceId + " #" + seqNr + " rejected: " + cause);
      cause.printStackTrace();
      Runtime.getRuntime().halt(EXIT_WRITE_FAILED);
    }
  }
}
