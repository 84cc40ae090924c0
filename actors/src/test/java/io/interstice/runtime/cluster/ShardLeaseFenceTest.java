package io.interstice.runtime.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.journal.JournalRegistry;
import io.interstice.journal.WriteFence;
import io.interstice.journal.lease.LeaseDirectory;
import io.interstice.journal.lease.LeaseRecord;
import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.module.ModuleActor;
import io.interstice.runtime.node.IntersticeNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.sharding.typed.HashCodeMessageExtractor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose shards are fenced by the file lease: the fence the runtime registers asks exactly
 * the lease Cluster Sharding acquired for a module's shard, so the module's transactions are
 * acknowledged while the node holds it, and stop being acknowledged once another owner takes it.
 */
class ShardLeaseFenceTest {
  static final String LEASED =
      """
      pekko.cluster.sharding.use-lease = "interstice.lease"
      pekko.cluster.sharding.lease-retry-interval = 300ms
      interstice.lease {
        heartbeat-timeout = 2s
        heartbeat-interval = 200ms
        lease-operation-timeout = 500ms
        safety-margin = 500ms
      }
      interstice.node.ask-timeout = 3s
      """;

  @TempDir Path dir;

  private static String leaseName(IntersticeNode node, String module) {
    var shard = new HashCodeMessageExtractor<ModuleActor.Command>(100).shardId(module);
    return node.system().name() + "-shard-Module-" + shard;
  }

  private LeaseDirectory leases() {
    return LeaseDirectory.of(dir, Duration.ofSeconds(2));
  }

  private static WriteFence fence(IntersticeNode node) {
    return JournalRegistry.ID.get(node.system()).fence();
  }

  private static boolean becomes(boolean expected, java.util.function.BooleanSupplier check) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (check.getAsBoolean() == expected) {
        return true;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static boolean opened(IntersticeNode node, String owner) {
    try {
      node.call("bank", "open", owner, 7L);
      return true;
    } catch (CallFailedException e) {
      return false;
    }
  }

  @Test
  void shouldAskTheLeaseShardingAcquiredForTheModulesShard() {
    try (var node = IntersticeNode.builder().dataDir(dir).config(LEASED).start()) {
      node.deploy(Bank.class);
      node.call("bank", "open", "alice", 100L);

      var fence = fence(node);
      assertInstanceOf(ShardLeaseFence.class, fence);
      assertTrue(fence.mayAcknowledge(ModuleActor.persistenceId("bank").id()));
      var record = leases().read(leaseName(node, "bank")).orElseThrow();
      assertEquals(
          Cluster.get(node.system().classicSystem()).selfAddress().hostPort(), record.owner());
      var elsewhere =
          IntStream.range(0, 1000)
              .mapToObj(i -> "idle" + i)
              .filter(m -> !leaseName(node, m).equals(leaseName(node, "bank")))
              .findFirst()
              .orElseThrow();
      assertFalse(
          fence.mayAcknowledge(ModuleActor.persistenceId(elsewhere).id()),
          "a shard this node never started holds no lease");
      assertTrue(fence.mayAcknowledge("not-a-module"), "no shard's lease covers it");
    }
  }

  @Test
  void shouldStopAcknowledgingAModuleWhoseLeaseAnotherOwnerTookAndResumeOnceItIsBack() {
    try (var node = IntersticeNode.builder().dataDir(dir).config(LEASED).start()) {
      node.deploy(Bank.class);
      node.call("bank", "open", "alice", 100L);
      var name = leaseName(node, "bank");
      var pid = ModuleActor.persistenceId("bank").id();

      leases()
          .update(
              name,
              current -> Optional.of(new LeaseRecord(name, "intruder:1", 0, 0, Long.MAX_VALUE)));

      assertTrue(becomes(false, () -> fence(node).mayAcknowledge(pid)));
      var refused =
          assertThrows(CallFailedException.class, () -> node.call("bank", "open", "bob", 5L));
      assertEquals(ErrorKind.UNAVAILABLE, refused.kind());

      leases().update(name, current -> current.map(r -> new LeaseRecord(name, r.owner(), 0, 0, 0)));

      // As a client would: call again until the shard, started anew by a call, has its lease back.
      var attempt = new java.util.concurrent.atomic.AtomicInteger();
      assertTrue(becomes(true, () -> opened(node, "carol-" + attempt.incrementAndGet())));
      assertTrue(fence(node).mayAcknowledge(pid));
      var owners = node.rows("bank", "accounts").stream().map(row -> row[1]).toList();
      assertTrue(owners.containsAll(java.util.List.of("alice", "carol-" + attempt.get())));
    }
  }

  @Test
  void shouldRegisterNoFenceWithoutALease() {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      assertTrue(fence(node) == WriteFence.NONE);
    }
  }
}
