package io.interstice.runtime.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.node.IntersticeNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls made on the node that runs their module go straight to its actor ({@link LocalModules});
 * one that reaches the actor after it stopped is sent on through sharding, not lost.
 */
class LocalCallsTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void shouldSendACallThatReachedAStoppedModuleActorOnThroughSharding() throws Exception {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Bank.class);
      node.call("bank", "open", "ann", 100L);
      var modules = LocalModules.ID.get(node.system());
      var stopped = modules.actorOf("bank");
      assertNotNull(stopped, "the running bank is not registered");

      var probe = TestProbe.create(node.system());
      stopped.tell(ModuleActor.Stop.INSTANCE);
      probe.expectTerminated(stopped, WAIT);
      assertNotEquals(stopped, modules.actorOf("bank"), "a stopped actor is still registered");

      // As a call told to the actor just as it stopped: it becomes a dead letter, and sharding
      // starts the module again to run it.
      var replies = TestProbe.<ModuleActor.CallReply>create(node.system());
      stopped.tell(
          new ModuleActor.Call(
              "open", Args.Values.of("bob", 50L), "local", null, replies.getRef()));
      replies.expectMessageClass(ModuleActor.Committed.class, WAIT);

      assertEquals(50L, node.query("bank", "balance", 2L));
      assertNotNull(modules.actorOf("bank"), "the restarted bank is not registered");

      // A call the node made for a caller of its own, answered by completing a future: it goes on
      // to the restarted module with a reply-to actor that completes the future.
      var restarted = modules.actorOf("bank");
      restarted.tell(ModuleActor.Stop.INSTANCE);
      probe.expectTerminated(restarted, WAIT);
      var answer = new CompletableFuture<ModuleActor.CallReply>();
      restarted.tell(
          ModuleActor.LocalCall.answering("open", Args.Values.of("cy", 7L), "local", null, answer));
      assertInstanceOf(ModuleActor.Committed.class, answer.get(WAIT.toSeconds(), TimeUnit.SECONDS));
      assertEquals(7L, node.query("bank", "balance", 3L));
    }
  }

  @Test
  void shouldTellTheCallerOfALocalCallThatNeverGetsAnAnswerThatItMayStillCommit() {
    try (var node =
        IntersticeNode.builder().dataDir(dir).config("interstice.node.ask-timeout = 1s").start()) {
      // An actor that takes the call and never answers, as a module stuck past the ask timeout.
      var silent = TestProbe.<ModuleActor.Command>create(node.system());
      LocalModules.ID.get(node.system()).started("silent", silent.getRef());

      var call = node.callAsync("silent", "open", Args.Values.of("ann", 1L)).toCompletableFuture();
      assertInstanceOf(ModuleActor.LocalCall.class, silent.receiveMessage(WAIT));
      var failure =
          assertThrows(ExecutionException.class, () -> call.get(WAIT.toSeconds(), TimeUnit.SECONDS))
              .getCause();
      var failed = assertInstanceOf(CallFailedException.class, failure);
      assertEquals(ErrorKind.UNAVAILABLE, failed.kind());
      assertTrue(failed.getMessage().contains("did not answer within 1 s"), failed.getMessage());
    }
  }

  @Test
  void shouldRefuseLocalCallsToAModuleThatIsNotDeployed() {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      // The first call starts the module's actor through sharding; later ones go to it directly.
      for (int i = 0; i < 3; i++) {
        var refusal =
            assertThrows(CallFailedException.class, () -> node.call("nobody", "open", "ann", 1L));
        assertEquals(ErrorKind.UNKNOWN_MODULE, refusal.kind(), refusal.getMessage());
      }
    }
  }

  @Test
  void shouldCallAModuleThroughShardingWhenItsLocalActorStopped() {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Bank.class);
      node.call("bank", "open", "ann", 100L);
      var modules = LocalModules.ID.get(node.system());
      var first = modules.actorOf("bank");
      var probe = TestProbe.create(node.system());
      first.tell(ModuleActor.Stop.INSTANCE);
      probe.expectTerminated(first, WAIT);
      // As if the node had looked the actor up just before it stopped: the call, and then a
      // query, become dead letters and go on through sharding, each once.
      modules.started("bank", first);
      node.call("bank", "deposit", 1L, 5L);
      modules.started("bank", first);
      assertEquals(105L, node.query("bank", "balance", 1L));
      assertNotEquals(first, modules.actorOf("bank"), "a dead letter left its actor registered");
    }
  }
}
