package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.examples.bank.Bank;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.runtime.testmodules.Audit;
import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Query;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.Subscribe;
import io.interstice.sdk.Table;
import io.interstice.sdk.Upgrade;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploying a new version of a running module: compatible changes keep the data, breaking ones are
 * refused with a report unless a migration reducer comes with them, and replay gives the same state
 * as before the restart.
 */
class UpgradeTest {
  @TempDir Path dir;

  @Table(name = "items")
  public record ItemV1(@PrimaryKey(autoIncrement = true) long id, String name) {}

  @Module(name = "shop", version = 1, tables = ItemV1.class)
  public static final class ShopV1 {
    @Reducer
    public static void add(ReducerContext ctx, String name) {
      ctx.table(ItemV1.class).insert(new ItemV1(0, name));
    }
  }

  @Table(name = "items")
  public record ItemV2(
      @PrimaryKey(autoIncrement = true) long id, String name, Optional<Long> price) {}

  @Table(name = "opened")
  public record Opened(@PrimaryKey long account, String owner) {}

  /** Compatible: a column at the end with a default (none), a new table, reducer, subscription. */
  @Module(
      name = "shop",
      version = 2,
      tables = {ItemV2.class, Opened.class})
  public static final class ShopV2 {
    @Reducer
    public static void add(ReducerContext ctx, String name) {
      ctx.table(ItemV2.class).insert(new ItemV2(0, name, Optional.empty()));
    }

    @Reducer
    public static void addPriced(ReducerContext ctx, String name, long price) {
      ctx.table(ItemV2.class).insert(new ItemV2(0, name, Optional.of(price)));
    }

    @Subscribe("bank.accounts.insert")
    public static void onOpened(ReducerContext ctx, Audit.AccountRow account) {
      ctx.table(Opened.class).insert(new Opened(account.id(), account.owner()));
    }
  }

  @Table(name = "items")
  public record ItemV3(
      @PrimaryKey(autoIncrement = true) long id, long name, Optional<Long> price) {}

  /** Breaking: retypes a column, without a migration. */
  @Module(
      name = "shop",
      version = 3,
      tables = {ItemV3.class, Opened.class})
  public static final class ShopV3Breaking {}

  @Table(name = "items")
  public record ItemV3m(@PrimaryKey(autoIncrement = true) long id, String name, long price) {}

  /** Breaking (price loses its option) but with a migration that fills in every price. */
  @Module(
      name = "shop",
      version = 3,
      tables = {ItemV3m.class, Opened.class})
  public static final class ShopV3Migrating {
    @Upgrade
    public static void migrate(ReducerContext ctx) {
      var items = ctx.table(ItemV3m.class);
      for (var item : items.scan().toList()) {
        items.update(new ItemV3m(item.id(), item.name().toUpperCase(), item.id() * 100));
      }
    }

    @Query
    public static long total(QueryContext ctx) {
      return ctx.table(ItemV3m.class).scan().mapToLong(ItemV3m::price).sum();
    }
  }

  /** The same breaking change, with a migration that fails: nothing may change. */
  @Module(
      name = "shop",
      version = 3,
      tables = {ItemV3m.class, Opened.class})
  public static final class ShopV3Failing {
    @Upgrade
    public static void migrate(ReducerContext ctx) {
      throw new ReducerException("not ready");
    }
  }

  @Table(name = "bins")
  public record BinV1(@PrimaryKey long id, String name) {}

  @Module(name = "depot", version = 1, tables = BinV1.class)
  public static final class DepotV1 {
    @Reducer
    public static void add(ReducerContext ctx, long id, String name) {
      ctx.table(BinV1.class).insert(new BinV1(id, name));
    }
  }

  @Table(name = "bins")
  public record BinV2(@PrimaryKey long id, String name, @io.interstice.sdk.Default("5") int size) {}

  /** Compatible without a migration: the new column has a default. */
  @Module(name = "depot", version = 2, tables = BinV2.class)
  public static final class DepotV2 {}

  @Test
  void shouldFillAnAddedColumnWithItsDefault() {
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(DepotV1.class);
      node.call("depot", "add", 1L, "north");
      node.deploy(DepotV2.class);
      assertArrayEquals(new Object[] {1L, "north", 5}, node.rows("depot", "bins").get(0));
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      assertArrayEquals(new Object[] {1L, "north", 5}, node.rows("depot", "bins").get(0));
    }
  }

  @Test
  void shouldKeepTheHistoryOfDeploysAndUpgradesAcrossSnapshotsAndRestarts() {
    var snapshots =
        "interstice.module { snapshot-every = 2, keep-snapshots = 1,"
            + " delete-events-on-snapshot = on }";
    List<ModuleInfo.Installation> before;
    try (var node = IntersticeNode.builder().dataDir(dir).config(snapshots).start()) {
      node.deploy(Bank.class); // the producer ShopV2 subscribes to
      node.deploy(ShopV1.class);
      node.deploy(ShopV1.class); // the same code again: confirmed, not installed
      node.deploy(ShopV2.class);
      for (int i = 0; i < 5; i++) {
        node.call("shop", "add", "item " + i);
      }
      before = node.describe("shop").history();
    }
    assertEquals(2, before.size(), before.toString());
    assertEquals(ModuleInfo.Installation.Kind.DEPLOYED, before.get(0).kind());
    assertEquals(1, before.get(0).version());
    assertEquals("java:" + ShopV1.class.getName(), before.get(0).code());
    assertEquals(ModuleInfo.Installation.Kind.UPGRADED, before.get(1).kind());
    assertEquals(2, before.get(1).version());
    assertTrue(before.get(1).timestampMicros() >= before.get(0).timestampMicros());
    assertTrue(before.get(0).timestampMicros() > 0);
    try (var node = IntersticeNode.builder().dataDir(dir).config(snapshots).start()) {
      var after = node.describe("shop");
      // The deploy and the upgrade events were deleted with the snapshot: it carried them.
      assertTrue(after.recovery().snapshotSequenceNr() > 2, after.recovery().toString());
      assertEquals(before, after.history());
    }
  }

  @Test
  void shouldUpgradeCompatiblyRefuseBreakingChangesAndMigrate() {
    List<Object[]> afterMigration;
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Bank.class);
      node.deploy(ShopV1.class);
      node.call("shop", "add", "apple");
      node.call("shop", "add", "pear");

      var v2 = node.deploy(ShopV2.class);
      assertEquals(2, v2.version());
      var rows = node.rows("shop", "items");
      assertArrayEquals(new Object[] {1L, "apple", null}, rows.get(0), "data kept, default added");
      node.call("shop", "add_priced", "plum", 7L);
      node.call("bank", "open", "ann", 10L);
      SubscriptionsTest.eventually(
          "the new subscription", () -> node.rows("shop", "opened").size() == 1);

      var breaking =
          assertThrows(CallFailedException.class, () -> node.deploy(ShopV3Breaking.class));
      assertEquals(ErrorKind.BAD_MODULE, breaking.kind());
      assertTrue(breaking.getMessage().contains("column name"), breaking.getMessage());
      assertEquals(2, node.describe("shop").version());

      var failing = assertThrows(CallFailedException.class, () -> node.deploy(ShopV3Failing.class));
      assertTrue(failing.getMessage().contains("not ready"), failing.getMessage());
      assertEquals(2, node.describe("shop").version());
      assertEquals(3, node.rows("shop", "items").size());

      node.deploy(ShopV3Migrating.class);
      assertEquals(3, node.describe("shop").version());
      assertEquals(600L, node.query("shop", "total"));
      afterMigration = node.rows("shop", "items");
      assertArrayEquals(new Object[] {1L, "APPLE", 100L}, afterMigration.get(0));
      var gone = assertThrows(CallFailedException.class, () -> node.call("shop", "add", "fig"));
      assertEquals(ErrorKind.UNKNOWN_REDUCER, gone.kind());
    }
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      // Replay applies every transaction under the schema of its time, then the same migration.
      ModuleCallsTest.assertRowsEqual(afterMigration, node.rows("shop", "items"));
      assertEquals(3, node.describe("shop").version());
      assertEquals(1, node.rows("shop", "opened").size());
    }
  }
}
