package io.interstice.cli.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The configuration files of cluster-config/ as a node loads them ({@code interstice node --config
 * FILE}: the file over single-node.conf over the reference defaults), and the file {@code cluster
 * up} writes for each node.
 */
class ClusterConfigTest {
  private static final Path CONFIGS = Path.of("..", "cluster-config");

  /** What a node started with {@code --config file} and no flags runs with. */
  private static Config asNodeLoads(Config file) {
    return ConfigFactory.load(file.withFallback(ConfigFactory.parseResources("single-node.conf")));
  }

  private static Config localNode(int k) {
    var file = CONFIGS.resolve("local-cluster").resolve("node-" + k + ".conf");
    return asNodeLoads(ConfigFactory.parseFile(file.toFile()));
  }

  @Test
  void shouldGiveEachLocalNodeItsOwnLogAndPortsAndTheSameSeedsNodeOneFirst() {
    var ports = new HashSet<Integer>();
    var seeds = localNode(1).getStringList("pekko.cluster.seed-nodes");
    for (int k = 1; k <= 3; k++) {
      var node = localNode(k);
      assertEquals("node-" + k, node.getString("interstice.journal.log-id"));
      assertEquals("127.0.0.1", node.getString("pekko.remote.artery.canonical.hostname"));
      assertTrue(ports.add(node.getInt("interstice.http.port")));
      int clusterPort = node.getInt("pekko.remote.artery.canonical.port");
      assertTrue(ports.add(clusterPort));
      assertEquals(seeds, node.getStringList("pekko.cluster.seed-nodes"));
      assertTrue(seeds.contains("pekko://interstice@127.0.0.1:" + clusterPort), seeds.toString());
    }
    assertEquals("pekko://interstice@127.0.0.1:25521", seeds.get(0));
    assertEquals(8081, localNode(1).getInt("interstice.http.port"));
  }

  @Test
  void shouldDownAKilledLocalNodeAndMoveItsModulesWithinTenSeconds() {
    var node = localNode(2);
    assertSharding(node);
    // Unreachable after heartbeat-interval + acceptable-heartbeat-pause + what the phi threshold
    // adds (measured 0.5-1.5 s), then stable-after, the leader's next round and the margin.
    var budget =
        duration(node, "pekko.cluster.failure-detector.heartbeat-interval")
            .plus(duration(node, "pekko.cluster.failure-detector.acceptable-heartbeat-pause"))
            .plus(Duration.ofMillis(1500))
            .plus(duration(node, "pekko.cluster.split-brain-resolver.stable-after"))
            .plus(duration(node, "pekko.cluster.leader-actions-interval"))
            .plus(duration(node, "pekko.cluster.down-removal-margin"));
    assertTrue(budget.compareTo(Duration.ofSeconds(9)) <= 0, "failover budget " + budget);
  }

  @Test
  void shouldLoadTheProductionTemplateWithItsLeaseBlockMarked() throws Exception {
    var file = CONFIGS.resolve("production.conf");
    var node = asNodeLoads(ConfigFactory.parseFile(file.toFile()));
    assertSharding(node);
    assertEquals(3, node.getStringList("pekko.cluster.seed-nodes").size());
    assertTrue(
        duration(node, "pekko.cluster.down-removal-margin")
                .compareTo(duration(node, "pekko.cluster.split-brain-resolver.stable-after"))
            >= 0,
        "the downed side needs stable-after to stop its modules");
    assertTrue(Files.readString(file).contains("\n      # lease:\n"), "the lease block");
  }

  @Test
  void shouldWriteANodeFileOverTheLocalClusterSettingsOnTheClassPath() {
    var seeds = List.of(NodeLauncher.Plan.address(40001), NodeLauncher.Plan.address(40002));
    var plan = new NodeLauncher.Plan("node-2", 18082, 40002, seeds);

    var node = asNodeLoads(ConfigFactory.parseString(NodeLauncher.configuration(plan)));

    assertEquals("node-2", node.getString("interstice.journal.log-id"));
    assertEquals(18082, node.getInt("interstice.http.port"));
    assertEquals(40002, node.getInt("pekko.remote.artery.canonical.port"));
    assertEquals(seeds, node.getStringList("pekko.cluster.seed-nodes"));
    assertEquals(
        Duration.ofSeconds(2), duration(node, "pekko.cluster.split-brain-resolver.stable-after"));
    assertSharding(node);
  }

  private static void assertSharding(Config node) {
    assertEquals(
        "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
        node.getString("pekko.cluster.downing-provider-class"));
    assertEquals(
        "keep-majority", node.getString("pekko.cluster.split-brain-resolver.active-strategy"));
    assertTrue(node.getBoolean("pekko.cluster.sharding.remember-entities"));
    assertEquals("eventsourced", node.getString("pekko.cluster.sharding.remember-entities-store"));
    // A cluster retries sharding's state reads and writes quickly: single-node.conf's 60 s would
    // leave a fresh cluster unable to place a module for a minute when a first read timed out.
    assertTrue(
        duration(node, "pekko.cluster.sharding.waiting-for-state-timeout")
                .compareTo(Duration.ofSeconds(2))
            <= 0,
        "waiting-for-state-timeout");
    assertTrue(
        duration(node, "pekko.cluster.sharding.updating-state-timeout")
                .compareTo(Duration.ofSeconds(5))
            <= 0,
        "updating-state-timeout");
  }

  private static Duration duration(Config config, String path) {
    return config.getDuration(path);
  }
}
