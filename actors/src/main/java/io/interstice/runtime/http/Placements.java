package io.interstice.runtime.http;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interstice.runtime.module.ModuleActor;
import io.interstice.runtime.node.IntersticeNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.sharding.ShardRegion.ClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.GetClusterShardingStats;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;

/**
 * Which member of the cluster hosts each module ({@code GET /v1/cluster/placement}), and the moves
 * this node has seen. Placement comes from Cluster Sharding's statistics of every region (which
 * shards each member holds) and the shard each module's name hashes to, so one node answers for the
 * whole cluster. A move is recorded when a read finds a module on another member than the read
 * before it did; the last {@value #MAX_MOVES} are kept in memory, so moves are seen only by nodes
 * that are asked for placement (the console asks every few seconds).
 *
 * <p>Thread-safe: the moves are kept by a {@link MoveLog}.
 */
final class Placements {
  static final int MAX_MOVES = 50;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final IntersticeNode node;
  private final Duration timeout;
  private final HashCodeMessageExtractor<ModuleActor.Command> shards;
  private final MoveLog moves = new MoveLog(MAX_MOVES);

  Placements(IntersticeNode node, Duration timeout) {
    this.node = node;
    this.timeout = timeout;
    this.shards =
        new HashCodeMessageExtractor<>(
            ClusterShardingSettings.create(node.system()).numberOfShards());
  }

  /**
   * {@code {"modules": [{"name", "shard", "address"}], "moves": [{"module", "from", "to", "at"}]}}:
   * {@code address} is null for a module whose shard no member holds now (it has not been used
   * since the cluster started); moves are newest first.
   */
  CompletionStage<ObjectNode> read() {
    var system = node.system();
    CompletionStage<ClusterShardingStats> stats =
        AskPattern.ask(
            ClusterSharding.get(system).shardState(),
            replyTo -> new GetClusterShardingStats(ModuleActor.TYPE_KEY, timeout, replyTo),
            timeout.plusSeconds(1),
            system.scheduler());
    return stats.thenApply(this::answer);
  }

  private ObjectNode answer(ClusterShardingStats stats) {
    var holder = new HashMap<String, String>();
    stats
        .getRegions()
        .forEach(
            (address, region) ->
                region.getStats().keySet().forEach(shard -> holder.put(shard, address.toString())));
    var placement = new TreeMap<String, String>();
    var body = NODES.objectNode();
    var modules = body.putArray("modules");
    for (var name : node.loggedModules()) {
      var shard = shards.shardId(name);
      var address = holder.get(shard);
      modules.addObject().put("name", name).put("shard", shard).put("address", address);
      if (address != null) {
        placement.put(name, address);
      }
    }
    var recent = body.putArray("moves");
    for (var move : moves.note(placement, Instant.now())) {
      recent
          .addObject()
          .put("module", move.module())
          .put("from", move.from())
          .put("to", move.to())
          .put("at", move.seenAt().toString());
    }
    return body;
  }
}
