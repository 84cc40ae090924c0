package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.node.IntersticeNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node tells who it is, which members it knows and which modules run on it. */
class ClusterInfoTest {
  @TempDir Path dir;

  @Test
  void shouldDescribeALoneNodeAsTheOneUpMemberRunningItsModules() {
    try (var node =
        IntersticeNode.builder()
            .dataDir(dir)
            .config("interstice.journal.log-id = \"node-7\"")
            .start()) {
      var before = node.clusterAsync().toCompletableFuture().join();
      assertEquals(List.of(), List.copyOf(before.modules()));

      node.deploy(Bank.class);
      var info = node.clusterAsync().toCompletableFuture().join();

      assertEquals("node-7", info.node());
      assertTrue(info.address().startsWith("pekko://interstice@127.0.0.1:"), info.address());
      assertEquals(info.address(), info.leader());
      assertEquals(1, info.members().size(), info.members().toString());
      var self = info.members().get(0);
      assertEquals(info.address(), self.address());
      assertEquals("up", self.status());
      assertTrue(self.up() && self.reachable() && self.self(), self.toString());
      assertTrue(self.roles().contains("dc-default"), self.roles().toString());
      assertEquals(List.of("bank"), List.copyOf(info.modules()));
      assertEquals(1, info.shards());
      assertEquals(0, info.unansweredShards());
    }
  }
}
