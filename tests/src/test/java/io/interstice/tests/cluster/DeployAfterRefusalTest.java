package io.interstice.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.node.IntersticeNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module deployed right after a call to its name was refused: the refusal made the empty actor
 * ask to be passivated, and the deploy reached it before the stop did. Sharding stops the actor and
 * forgets it, as it does any passivated entity; the module must still run afterwards and be
 * remembered, so that it comes back by itself after the node restarts.
 */
@Timeout(120)
class DeployAfterRefusalTest {
  @TempDir Path dir;

  @Test
  void shouldRememberAModuleDeployedWhileItsEmptyActorWasBeingPassivated() throws Exception {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      // Sent back to back: both are in the actor's mailbox before the refusal's passivation.
      var refused = node.callAsync("bank", "open", "ann", 10L).toCompletableFuture();
      var deployed = node.deployAsync(Bank.class).toCompletableFuture();
      var error = assertThrows(CompletionException.class, refused::join);
      assertEquals(ErrorKind.UNKNOWN_MODULE, ((CallFailedException) error.getCause()).kind());
      assertEquals("bank", deployed.get(30, TimeUnit.SECONDS).name());
      eventually(node, "the bank's actor started again after its passivation");
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      eventually(node, "the bank's actor started by sharding after the restart, without a call");
      node.call("bank", "open", "ann", 10L);
    }
  }

  private static void eventually(IntersticeNode node, String what) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!LocalCluster.modulesRunningOn(node).contains("bank")) {
      assertTrue(System.nanoTime() < deadline, what);
      Thread.sleep(50);
    }
  }
}
