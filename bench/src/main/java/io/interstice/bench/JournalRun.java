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

  static RunResult run(JournalKind kind, int actors, Path runDir, BenchSettings settings)
      throws Exception {
    var system = ActorSystem.create("journal-bench", config(kind, runDir, settings.fsync()));
    // The binary log is measured as a node runs it: with the node's metrics hearing its writes.
    NodeMetrics.of(JournalRegistry.ID.get(system));
    try {
      var control = new RunControl(actors);
      for (int i = 0; i < actors; i++) {
        var id = kind.label + "-" + actors + "-" + i;
        system
            .actorOf(BenchActor.props(id, control, settings.payloadBytes()), "w" + i)
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
      var result = RunResult.of(kind, actors, control);
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

  private static Config config(JournalKind kind, Path runDir, String fsync) {
    var dir = runDir.toAbsolutePath().toString();
    return ConfigFactory.empty()
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
