package io.interstice.cli.demo;

import com.typesafe.config.ConfigFactory;
import io.interstice.cli.ExitCodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code interstice demo}: a single node on the embedded default. Starts an actor system whose
 * journal is the binary log in the data directory, recovers a set of counters (showing how many
 * events came back from the log), sends increments from many concurrent callers, each answered only
 * once durable, and prints the result. Run it twice: the second run starts from the first run's
 * state.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run a single-node demo: counters as persistent actors over the binary log.",
      "Run it twice: the second run recovers the state of the first from the log."
    })
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data-dir",
      defaultValue = "data/demo",
      description = "Data directory (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--counters",
      defaultValue = "10",
      description = "Counters (default: ${DEFAULT-VALUE}).")
  int counters;

  @Option(
      names = "--increments",
      defaultValue = "2000",
      description = "Increments per counter (default: ${DEFAULT-VALUE}).")
  int increments;

  @Override
  public Integer call() throws Exception {
    if (counters < 1 || increments < 0) {
      throw new IllegalArgumentException("--counters must be >= 1 and --increments >= 0");
    }
    var out = spec.commandLine().getOut();
    var config =
        ConfigFactory.parseString(
                "interstice.journal.dir = "
                    + com.typesafe.config.ConfigUtil.quoteString(
                        dataDir.toAbsolutePath().toString()))
            .withFallback(ConfigFactory.parseResources("demo.conf"))
            .withFallback(ConfigFactory.load())
            .resolve();
    out.printf("interstice demo: data directory %s%n", dataDir.toAbsolutePath());
    var system = ActorSystem.create(Behaviors.empty(), "interstice-demo", config);
    try {
      var refs = new ArrayList<ActorRef<CounterEntity.Command>>();
      for (int i = 0; i < counters; i++) {
        refs.add(
            system.systemActorOf(
                CounterEntity.create("c" + i),
                "counter-" + i,
                org.apache.pekko.actor.typed.Props.empty()));
      }
      long start = System.nanoTime();
      var before = states(system, refs);
      long recovered = before.stream().mapToLong(CounterEntity.State::events).sum();
      out.printf(
          "recovered %d counters holding %d events from the log in %d ms%n",
          counters, recovered, (System.nanoTime() - start) / 1_000_000);
      start = System.nanoTime();
      var pending = new ArrayList<CompletableFuture<CounterEntity.State>>();
      for (int round = 0; round < increments; round++) {
        for (var ref : refs) {
          pending.add(
              AskPattern.<CounterEntity.Command, CounterEntity.State>ask(
                      ref,
                      reply -> new CounterEntity.Increment(1, reply),
                      Duration.ofSeconds(60),
                      system.scheduler())
                  .toCompletableFuture());
        }
        if (pending.size() >= 4 * counters) {
          CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
          pending.clear();
        }
      }
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get();
      double seconds = (System.nanoTime() - start) / 1e9;
      long written = (long) increments * counters;
      out.printf(
          "persisted %d increments, each acknowledged only after fsync, in %.2f s (%.0f/s)%n",
          written, seconds, written / Math.max(seconds, 1e-9));
      var after = states(system, refs);
      for (int i = 0; i < Math.min(counters, 5); i++) {
        out.printf("  counter|c%d = %d%n", i, after.get(i).value());
      }
      if (counters > 5) {
        out.printf("  ... and %d more%n", counters - 5);
      }
      out.printf(
          "total %d events in the log; run the demo again to see them recovered%n",
          after.stream().mapToLong(CounterEntity.State::events).sum());
      out.flush();
      return ExitCodes.OK;
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get();
    }
  }

  private static List<CounterEntity.State> states(
      ActorSystem<?> system, List<ActorRef<CounterEntity.Command>> refs) throws Exception {
    var futures = new ArrayList<CompletableFuture<CounterEntity.State>>();
    for (var ref : refs) {
      CompletionStage<CounterEntity.State> f =
          AskPattern.ask(ref, CounterEntity.Get::new, Duration.ofSeconds(60), system.scheduler());
      futures.add(f.toCompletableFuture());
    }
    var states = new ArrayList<CounterEntity.State>();
    for (var f : futures) {
      states.add(f.get());
    }
    return states;
  }
}
