package io.interstice.runtime.cluster;

import io.interstice.journal.WriteFence;
import io.interstice.runtime.module.ModuleActor;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.sharding.typed.ClusterShardingSettings;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.apache.pekko.coordination.lease.scaladsl.Lease;
import org.apache.pekko.coordination.lease.scaladsl.LeaseProvider;

/**
 * The runtime's {@link WriteFence}: a module's transactions are acknowledged only while this node
 * holds the lease of the shard the module lives in ({@code pekko.cluster.sharding.use-lease}).
 *
 * <p>The journal knows persistence ids, Cluster Sharding knows shards; this maps one to the other
 * exactly as sharding does: persistence id {@code module|<name>} → entity id {@code <name>} → shard
 * id (the default {@link HashCodeMessageExtractor} over {@code number-of-shards}, which {@link
 * ModuleActor#initSharding} uses) → lease name {@code <system>-shard-Module-<shard>} → the lease
 * instance the shard acquired, which Pekko's {@link LeaseProvider} hands out once per lease name,
 * configuration path and owner ({@code host:port} of this node). Asking that lease's {@code
 * checkLease} reads what its last renewal left in memory, never a file.
 *
 * <p>Persistence ids of no module are not covered by any shard's lease and are never refused.
 *
 * <p>Thread-safe: per write one lookup in a concurrent map (filled once per module) and the lease's
 * check.
 */
public final class ShardLeaseFence implements WriteFence {
  private final String prefix;
  private final Function<String, Lease> leaseOfModule;
  private final Map<String, Lease> leases = new ConcurrentHashMap<>();

  ShardLeaseFence(String prefix, Function<String, Lease> leaseOfModule) {
    this.prefix = prefix;
    this.leaseOfModule = leaseOfModule;
  }

  /**
   * The fence of the modules of {@code system}, or empty when sharding uses no lease ({@code
   * pekko.cluster.sharding.use-lease = ""}, a single node's default), where nothing needs fencing.
   */
  public static Optional<WriteFence> of(ActorSystem<?> system) {
    var configPath = system.settings().config().getString("pekko.cluster.sharding.use-lease");
    if (configPath.isBlank()) {
      return Optional.empty();
    }
    var classic = system.classicSystem();
    var owner = Cluster.get(classic).selfAddress().hostPort();
    var shards =
        new HashCodeMessageExtractor<ModuleActor.Command>(
            ClusterShardingSettings.create(system).numberOfShards());
    var namePrefix = system.name() + "-shard-" + ModuleActor.TYPE_KEY.name() + "-";
    var provider = LeaseProvider.get(classic);
    return Optional.of(
        new ShardLeaseFence(
            modulePrefix(),
            module -> provider.getLease(namePrefix + shards.shardId(module), configPath, owner)));
  }

  /** {@code module|}: what every module's persistence id starts with. */
  static String modulePrefix() {
    var sample = ModuleActor.persistenceId("m").id();
    return sample.substring(0, sample.length() - 1);
  }

  @Override
  public boolean mayAcknowledge(String persistenceId) {
    var lease = leases.get(persistenceId);
    if (lease == null) {
      if (!persistenceId.startsWith(prefix)) {
        return true;
      }
      lease =
          leases.computeIfAbsent(
              persistenceId, id -> leaseOfModule.apply(id.substring(prefix.length())));
    }
    return lease.checkLease();
  }
}
