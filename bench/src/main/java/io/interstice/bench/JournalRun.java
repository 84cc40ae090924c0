package io.interstice.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.interstice.journal.JournalRegistry;
import io.interstice.runtime.metrics.NodeMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import scala.concurrent.Await;

/**
 * One configuration of the journal benchmark: a fresh ActorSystem whose {@code actors} persistent
 * actors write through one journal into a fresh directory, with a node's metrics listening to it;
 * warm-up, then a fixed measurement, then a clean stop once every actor's last write was
 * acknowledged.
 */
final class JournalRun {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private JournalRun() {}

  /**
   * Runs {@code actors} actors writing {@code batch} events per write through {@code kind}; {@code
   * extraConfig} (HOCON) goes over the bench configuration, e.g. where the PostgreSQL peer listens.
   */
  static RunResult run(
      JournalKind kind,
      int actors,
      int batch,
      Path runDir,
      BenchSettings settings,
      String extraConfig)
      throws Exception {
    var system =
        ActorSystem.create("journal-bench", config(kind, runDir, settings.fsync(), extraConfig));
    // The binary log is measured as a node runs it: with the node's metrics hearing its writes.
    NodeMetrics.of(JournalRegistry.ID.get(system));
    try {
      var control = new RunControl(actors);
      for (int i = 0; i < actors; i++) {
        var id = kind.label + "-" + actors + "x" + batch + "-" + i;
        system
            .actorOf(BenchActor.props(id, control, settings.payloadBytes(), batch), "w" + i)
            .tell(BenchActor.START, ActorRef.noSender());
      }
      TimeUnit.MILLISECONDS.sleep(settings.warmup().toMillis());
      control.startMeasuring();
      TimeUnit.MILLISECONDS.sleep(settings.measure().toMillis());
      control.stop();
      if (!control.awaitStopped(STOP_TIMEOUT)) {
        throw new IllegalStateException(
            kind.label + " with " + actors + " actors did not stop within " + STOP_TIMEOUT);
      }
      var result = RunResult.of(kind, actors, batch, control);
      if (settings.threads()) {
        printThreadCpu(control, result.events());
      }
      return result;
    } finally {
      system.terminate();
      Await.result(system.whenTerminated(), scala.concurrent.duration.Duration.create(60, "s"));
    }
  }

  /** Prints the CPU time per event of each thread group that used a noticeable share. */
  static void printThreadCpu(RunControl control, long events) {
    if (events == 0) {
      return;
    }
    control
        .threadMicros()
        .forEach(
            (group, micros) -> {
              if (micros / events >= 0.05) {
                System.out.printf(
                    Locale.ROOT, "      %-70s %6.2f cpu-us/event%n", group, micros / events);
              }
            });
  }

  /** The ActorSystem configuration of one run, with {@code kind} as the default journal. */
  static Config config(JournalKind kind, Path runDir, String fsync, String extraConfig) {
    var dir = runDir.toAbsolutePath().toString();
    return ConfigFactory.parseString(extraConfig)
        .withValue("pekko.persistence.journal.plugin", ConfigValueFactory.fromAnyRef(kind.pluginId))
        .withValue("interstice.journal.dir", ConfigValueFactory.fromAnyRef(dir))
        .withValue("interstice.journal.fsync", ConfigValueFactory.fromAnyRef(fsync))
        .withValue(
            "interstice.bench.naive-journal.dir",
            ConfigValueFactory.fromAnyRef(runDir.resolve("naive").toAbsolutePath().toString()))
        .withFallback(ConfigFactory.parseResources("journal-bench.conf"))
        .withFallback(ConfigFactory.load())
        .resolve();
  }
}
