package io.interstice.runtime.node;

import io.interstice.runtime.ClusterInfo;
import io.interstice.runtime.module.ModuleActor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.sharding.ShardRegion.CurrentShardRegionState;
import org.apache.pekko.cluster.sharding.typed.GetShardRegionState;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Reads a node's {@link ClusterInfo}: the membership from Pekko Cluster's current state, the
 * modules from the local shard region of modules ({@link GetShardRegionState}), which asks each of
 * its shards for the entities it runs. Stateless and thread-safe.
 */
final class ClusterReader {
  private ClusterReader() {}

  static CompletionStage<ClusterInfo> read(ActorSystem<?> system, String nodeId, Duration timeout) {
    CompletionStage<CurrentShardRegionState> region =
        AskPattern.ask(
            ClusterSharding.get(system).shardState(),
            replyTo -> new GetShardRegionState(ModuleActor.TYPE_KEY, replyTo),
            timeout,
            system.scheduler());
    return region.thenApply(hosted -> info(system, nodeId, hosted));
  }

  private static ClusterInfo info(
      ActorSystem<?> system, String nodeId, CurrentShardRegionState hosted) {
    var cluster = Cluster.get(system);
    var self = cluster.selfMember().address();
    var state = cluster.state();
    var unreachable = state.getUnreachable();
    var members = new ArrayList<ClusterInfo.Member>();
    for (Member member : state.getMembers()) {
      members.add(
          new ClusterInfo.Member(
              member.address().toString(),
              status(member),
              new ArrayList<>(new TreeSet<>(member.getRoles())),
              !unreachable.contains(member),
              member.address().equals(self)));
    }
    var modules = new TreeSet<String>();
    for (var shard : hosted.getShards()) {
      modules.addAll(shard.getEntityIds());
    }
    var leader = state.getLeader();
    return new ClusterInfo(
        nodeId,
        self.toString(),
        leader == null ? null : leader.toString(),
        members,
        hosted.getShards().size(),
        modules,
        hosted.getFailed().size());
  }

  /** Pekko's status name in lower case with dashes: {@code WeaklyUp} becomes {@code weakly-up}. */
  static String status(Member member) {
    return member
        .status()
        .toString()
        .replaceAll("([a-z])([A-Z])", "$1-$2")
        .toLowerCase(Locale.ROOT);
  }
}
