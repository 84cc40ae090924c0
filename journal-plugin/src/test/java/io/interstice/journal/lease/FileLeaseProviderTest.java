package io.interstice.journal.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.journal.testkit.JournalTestConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.coordination.lease.scaladsl.LeaseProvider;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.concurrent.Await;

/**
 * The lease as Cluster Sharding gets it: through Pekko's {@code LeaseProvider}, from the {@code
 * interstice.lease} block of {@code reference.conf}, its files in the journal's data directory.
 */
class FileLeaseProviderTest {
  @TempDir Path dir;

  @Test
  void shouldBeWhatTheProviderBuildsFromTheLeaseBlock() throws Exception {
    var system = ActorSystem.create("lease", JournalTestConfig.of(dir, "node-a"));
    try {
      var lease = LeaseProvider.get(system).getLease("shard-3", "interstice.lease", "owner-a:2552");
      var same = LeaseProvider.get(system).getLease("shard-3", "interstice.lease", "owner-a:2552");

      assertTrue(
          (Boolean)
              Await.result(lease.acquire(), scala.concurrent.duration.Duration.create(5, "s")));

      assertTrue(same.checkLease(), "the provider hands out one instance per name and owner");
      var record = LeaseDirectory.of(dir, Duration.ofSeconds(1)).read("shard-3").orElseThrow();
      assertEquals("owner-a:2552", record.owner());
      assertEquals(20_000, record.expiresMillis() - record.writtenMillis());
      Await.result(lease.release(), scala.concurrent.duration.Duration.create(5, "s"));
      assertFalse(lease.checkLease());
    } finally {
      TestKit.shutdownActorSystem(system);
    }
  }
}
