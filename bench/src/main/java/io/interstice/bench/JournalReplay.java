package io.interstice.bench;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.pattern.Patterns;
import scala.concurrent.Await;

/**
 * The journal replay workload: one persistence id's history of N events is written through a
 * journal, then a fresh actor of the same id recovers it and the time to recovery completed is
 * taken. Both happen in one ActorSystem (the in-memory journal keeps its events only there); the
 * writer has stopped before the reader starts, so the reader's recovery reads the whole history
 * back through the journal.
 */
final class JournalReplay {
  private static final int WRITE_BATCH = 1000;
  private static final long TIMEOUT_MINUTES = 30;

  private JournalReplay() {}

  static ReplayResult run(
      JournalKind kind, long events, Path runDir, BenchSettings settings, String extraConfig)
      throws Exception {
    var system =
        ActorSystem.create(
            "journal-replay", JournalRun.config(kind, runDir, settings.fsync(), extraConfig));
    try {
      var id = kind.label + "-replay-" + events;
      var written = new CompletableFuture<Long>();
      long start = System.nanoTime();
      var writer =
          system.actorOf(
              ReplayActor.writer(id, events, WRITE_BATCH, settings.payloadBytes(), written),
              "writer");
      written.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
      double writeSeconds = (System.nanoTime() - start) / 1e9;
      // A new incarnation must not start before the old one is gone (one writer per id).
      Patterns.gracefulStop(writer, java.time.Duration.ofSeconds(30))
          .toCompletableFuture()
          .get(1, TimeUnit.MINUTES);
      System.gc();
      var replayed = new CompletableFuture<Long>();
      long replayStart = System.nanoTime();
      system.actorOf(ReplayActor.reader(id, replayed), "reader");
      long count = replayed.get(TIMEOUT_MINUTES, TimeUnit.MINUTES);
      long millis = (System.nanoTime() - replayStart) / 1_000_000;
      if (count != events) {
        throw new IllegalStateException(
            kind.label + " replayed " + count + " events of the " + events + " written");
      }
      return new ReplayResult(
          kind.label,
          events,
          writeSeconds,
          millis,
          count,
          Runtime.getRuntime().maxMemory() / (1024 * 1024));
    } finally {
      system.terminate();
      Await.result(system.whenTerminated(), scala.concurrent.duration.Duration.create(60, "s"));
    }
  }
}
