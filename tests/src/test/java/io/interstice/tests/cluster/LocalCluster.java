package io.interstice.tests.cluster;

import io.interstice.runtime.module.ModuleActor;
import io.interstice.runtime.node.IntersticeNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.cluster.sharding.ClusterSharding;
import org.apache.pekko.cluster.sharding.ShardRegion;
import org.apache.pekko.pattern.Patterns;

/**
 * Nodes of one Pekko cluster in this JVM, on 127.0.0.1 with ephemeral ports (Artery), sharing one
 * data directory with a log each ({@code node-1}, {@code node-2}, …); the first joins itself and is
 * the seed node of the others. Every message between actors is serialized and read back before it
 * is delivered ({@code serialize-messages}), so a message without a serializer fails where it is
 * sent, even between two actors of one node; {@link #serializationFailures} tells. Not thread-safe:
 * one test drives it.
 */
final class LocalCluster implements AutoCloseable {
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

  /** The configuration every node shares. */
  private static final String CHECKED =
      """
      pekko.actor.serialize-messages = on
      pekko.actor.serialize-creators = off
      # serialize-messages passes over whatever would go to the (disabled) Java serializer as
      # "known to be local" unless this is on: an enum message without a binding would go unchecked.
      pekko.actor.warn-about-java-serializer-usage = on
      # Modules stay on the node they were first placed on: this cluster checks messages, not moves.
      pekko.cluster.sharding.rebalance-interval = 1h
      # A message lost for want of a serializer shows as a timeout: keep it short.
      interstice.node.ask-timeout = 10s
      """;

  private final List<IntersticeNode> nodes = new ArrayList<>();
  private final SerializationFailures failures = SerializationFailures.watch();

  private LocalCluster() {}

  /**
   * Starts {@code size} nodes and waits until the sharding coordinator knows the regions of all of
   * them, so that modules are placed on every node from the first one on.
   */
  static LocalCluster start(Path dataDir, int size) {
    var cluster = new LocalCluster();
    try {
      cluster.nodes.add(node(dataDir, 1, "[]"));
      var seed = cluster.nodes.get(0).system().address().toString();
      for (int i = 2; i <= size; i++) {
        cluster.nodes.add(node(dataDir, i, "[\"" + seed + "\"]"));
      }
      eventually("all " + size + " shard regions registered", () -> cluster.regions() == size);
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private static IntersticeNode node(Path dataDir, int number, String seeds) {
    return IntersticeNode.builder()
        .dataDir(dataDir)
        .config(CHECKED)
        .config("interstice.journal.log-id = node-" + number)
        .config("pekko.cluster.seed-nodes = " + seeds)
        .start();
  }

  List<IntersticeNode> nodes() {
    return nodes;
  }

  IntersticeNode node(int index) {
    return nodes.get(index);
  }

  /** The index of the node whose shard region runs the actor of {@code module}. */
  int hostOf(String module) {
    for (int i = 0; i < nodes.size(); i++) {
      if (modulesRunningOn(nodes.get(i)).contains(module)) {
        return i;
      }
    }
    throw new AssertionError("no node runs module " + module);
  }

  /** The modules whose actors run in {@code node}'s shard region now. */
  static Set<String> modulesRunningOn(IntersticeNode node) {
    var state =
        (ShardRegion.CurrentShardRegionState) ask(node, ShardRegion.getShardRegionStateInstance());
    var modules = new HashSet<String>();
    for (var shard : state.getShards()) {
      modules.addAll(shard.getEntityIds());
    }
    return modules;
  }

  /**
   * What Pekko logged about messages it could not serialize since the last call (each such message
   * was lost); forgets it.
   */
  List<String> serializationFailures() {
    return failures.drain();
  }

  /** Any node but {@code index}. */
  int other(int index) {
    return (index + 1) % nodes.size();
  }

  private int regions() {
    var regions =
        (ShardRegion.CurrentRegions) ask(nodes.get(0), ShardRegion.getCurrentRegionsInstance());
    return regions.getRegions().size();
  }

  private static Object ask(IntersticeNode node, Object question) {
    ActorRef region =
        ClusterSharding.get(node.system().classicSystem()).shardRegion(ModuleActor.TYPE_KEY.name());
    try {
      return Patterns.ask(region, question, QUERY_TIMEOUT)
          .toCompletableFuture()
          .get(QUERY_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("shard region of " + node + " did not answer", e);
    }
  }

  /** Waits up to 20 s for {@code condition}. */
  static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Stops the nodes, the seed last, so that the others leave a cluster that still has a leader. */
  @Override
  public void close() {
    try {
      for (int i = nodes.size() - 1; i >= 0; i--) {
        nodes.get(i).close();
      }
    } finally {
      failures.close();
    }
  }
}
