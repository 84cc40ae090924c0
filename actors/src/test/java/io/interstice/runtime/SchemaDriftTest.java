package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.module.ModuleActor;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.runtime.testmodules.Ledger;
import io.interstice.sdk.internal.JavaModuleIntrospector;
import io.interstice.sdk.schema.ModuleSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A module whose class no longer describes the schema recorded in its log still recovers its
 * tables, but refuses to run code against them, saying why.
 */
class SchemaDriftTest {
  @TempDir Path dir;

  @Test
  void shouldRefuseCallsWhenTheClassNoLongerMatchesTheLoggedSchema() throws Exception {
    var current = JavaModuleIntrospector.introspect(Ledger.class).schema();
    var logged =
        new ModuleSchema(
            current.name(),
            current.version() + 1,
            current.visibility(),
            current.tables(),
            current.reducers(),
            current.queries(),
            current.subscriptions());
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      var writer =
          node.system()
              .systemActorOf(
                  org.apache.pekko.actor.typed.javadsl.Behaviors.<EventWriter.Write>setup(
                      context -> new EventWriter(ModuleActor.persistenceId("ledger"))),
                  "writer",
                  org.apache.pekko.actor.typed.Props.empty());
      var deployed =
          new ModuleEvent.ModuleDeployed(ModuleCode.JavaClass.of(Ledger.class), logged, 1);
      AskPattern.<EventWriter.Write, Done>ask(
              writer,
              replyTo -> new EventWriter.Write(List.of(deployed), replyTo),
              Duration.ofSeconds(10),
              node.system().scheduler())
          .toCompletableFuture()
          .get();
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      var info = node.describe("ledger");
      assertEquals(current.version() + 1, info.version());
      var failure =
          assertThrows(CallFailedException.class, () -> node.call("ledger", "append", "s", 1L));
      assertEquals(ErrorKind.BAD_MODULE, failure.kind());
      assertTrue(failure.getMessage().contains("another schema"), failure.getMessage());
      assertTrue(node.rows("ledger", "entries").isEmpty());
    }
  }
}
