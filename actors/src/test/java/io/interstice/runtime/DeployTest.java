package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.node.IntersticeNode;
import io.interstice.sdk.Init;
import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.Table;
import java.nio.file.Path;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deploying modules: mistakes in a module class are refused at deploy with what and where. */
class DeployTest {
  @TempDir static Path dir;
  static IntersticeNode node;

  @BeforeAll
  static void startNode() {
    node = IntersticeNode.builder().dataDir(dir).start();
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @Table(name = "things")
  public record Keyless(long id, String name) {}

  @Module(name = "keyless", tables = Keyless.class)
  public static final class KeylessModule {}

  @Table(name = "events")
  public record Dated(@PrimaryKey long id, Date when) {}

  @Module(name = "dated", tables = Dated.class)
  public static final class DatedModule {}

  @Table(name = "rows")
  public record Row(@PrimaryKey long id) {}

  @Module(name = "contextless", tables = Row.class)
  public static final class ContextlessModule {
    @Reducer
    public static void add(long id) {}
  }

  @Module(name = "overloaded", tables = Row.class)
  public static final class OverloadedModule {
    @Reducer
    public static void add(ReducerContext ctx, long id) {}

    @Reducer
    public static void add(ReducerContext ctx, String id) {}
  }

  public static final class NotAModule {}

  @Module(name = "grumpy", tables = Row.class)
  public static final class GrumpyModule {
    @Init
    public static void init(ReducerContext ctx) {
      ctx.table(Row.class).insert(new Row(1));
      throw new ReducerException("not today");
    }
  }

  @Module(name = "twin", tables = Row.class)
  public static final class TwinA {
    @Reducer
    public static void add(ReducerContext ctx, long id) {
      ctx.table(Row.class).insert(new Row(id));
    }
  }

  @Module(name = "twin", tables = Row.class)
  public static final class TwinB {}

  private static String refusal(Class<?> moduleClass) {
    var failure = assertThrows(CallFailedException.class, () -> node.deploy(moduleClass));
    assertEquals(ErrorKind.BAD_MODULE, failure.kind(), failure.getMessage());
    return failure.getMessage();
  }

  @Test
  void shouldRefuseATableWithoutPrimaryKey() {
    var message = refusal(KeylessModule.class);
    assertTrue(message.contains("Keyless") && message.contains("@PrimaryKey"), message);
  }

  @Test
  void shouldRefuseAnUnsupportedFieldType() {
    var message = refusal(DatedModule.class);
    assertTrue(message.contains("when") && message.contains("Date"), message);
  }

  @Test
  void shouldRefuseAReducerWithoutContext() {
    var message = refusal(ContextlessModule.class);
    assertTrue(message.contains("add") && message.contains("ReducerContext"), message);
  }

  @Test
  void shouldRefuseDuplicateReducerNames() {
    var message = refusal(OverloadedModule.class);
    assertTrue(message.contains("add"), message);
  }

  @Test
  void shouldRefuseAClassThatIsNotAModule() {
    var message = refusal(NotAModule.class);
    assertTrue(message.contains("@Module"), message);
  }

  @Test
  void shouldNotDeployWhenInitFails() {
    var failure = assertThrows(CallFailedException.class, () -> node.deploy(GrumpyModule.class));
    assertEquals(ErrorKind.REDUCER_FAILED, failure.kind());
    assertTrue(failure.getMessage().contains("not today"), failure.getMessage());
    var unknown = assertThrows(CallFailedException.class, () -> node.describe("grumpy"));
    assertEquals(ErrorKind.UNKNOWN_MODULE, unknown.kind());
  }

  @Test
  void shouldRefuseAnotherClassUnderADeployedName() {
    node.deploy(TwinA.class);
    node.call("twin", "add", 7L);
    var message = refusal(TwinB.class);
    assertTrue(message.contains("version must increase"), message);
    assertEquals(1, node.rows("twin", "rows").size());
  }
}
