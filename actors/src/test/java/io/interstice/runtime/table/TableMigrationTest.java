package io.interstice.runtime.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.Persistence;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.EnumType;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableMigrationTest {
  private static final EnumType TIER = Type.enumOf("basic", "gold");

  private final ModuleTables deployed = ModuleTables.create(Bank.SCHEMA);

  TableMigrationTest() {
    var accounts = deployed.table("accounts");
    accounts.insert(new Object[] {0L, "alice", 100L});
    accounts.insert(new Object[] {0L, "bob", 50L});
    accounts.insert(new Object[] {0L, "carol", 50L});
    accounts.delete(3L);
    deployed.table("transfers").insert(new Object[] {0, 1L, 10L});
  }

  private static ModuleSchema version2(TableSchema accounts) {
    return ModuleSchema.builder("bank").version(2).table(accounts).table(Bank.TRANSFERS).build();
  }

  private static TableSchema.Builder accounts(String... keptColumns) {
    var builder = TableSchema.builder("accounts");
    for (var column : keptColumns) {
      builder.column(column, Bank.ACCOUNTS.columns().get(columnOf(column)).type());
    }
    return builder.primaryKey("id").autoIncrement();
  }

  private static int columnOf(String column) {
    return Bank.ACCOUNTS.columnIndex(column);
  }

  private static List<List<Object>> rows(Table table) {
    return TableState.rows(table.scan());
  }

  private static List<TableState> state(ModuleTables tables) {
    var state = new ArrayList<TableState>();
    for (var table : tables.tables()) {
      state.add(TableState.of(table));
    }
    return state;
  }

  @Test
  void shouldFillAddedColumnsWithTheirDefaultOrTheZeroValueOfTheirType() {
    var next =
        version2(
            accounts("id", "owner", "balance")
                .column("currency", Type.string(), "EUR")
                .column("frozen", Type.bool())
                .column("limit", Type.f64())
                .column("note", Type.option(Type.string()))
                .column("tags", Type.list(Type.string()))
                .column("tier", TIER)
                .column("since", Type.struct(Type.field("day", Type.i32())))
                .build());

    var migrated = ModuleTables.migrate(deployed, next);

    var zeros = Arrays.<Object>asList("EUR", false, 0.0, null, List.of(), TIER.value("basic"));
    var alice = new ArrayList<Object>(List.of(1L, "alice", 100L));
    alice.addAll(zeros);
    alice.add(StructValue.of(0));
    var bob = new ArrayList<Object>(List.of(2L, "bob", 50L));
    bob.addAll(zeros);
    bob.add(StructValue.of(0));
    assertEquals(List.of(alice, bob), rows(migrated.table("accounts")));
    assertEquals(next, migrated.schema());
  }

  @Test
  void shouldDropAColumnAndKeepTheOthersByName() {
    var next = version2(accounts("balance", "id").build());

    var migrated = ModuleTables.migrate(deployed, next);

    assertEquals(List.of(List.of(100L, 1L), List.of(50L, 2L)), rows(migrated.table("accounts")));
  }

  @Test
  void shouldResetARetypedColumnToItsDefault() {
    var next =
        version2(
            accounts("id", "owner")
                .column("balance", Type.string(), "unknown")
                .uniqueIndex("owner", IndexKind.HASH, "owner")
                .build());

    var migrated = ModuleTables.migrate(deployed, next);

    var accounts = migrated.table("accounts");
    assertEquals(
        List.of(List.of(1L, "alice", "unknown"), List.of(2L, "bob", "unknown")), rows(accounts));
    assertEquals(List.of(2L, "bob", "unknown"), Arrays.asList(accounts.findUnique("owner", "bob")));
  }

  @Test
  void shouldRebuildIndexesOverTheNewLayout() {
    var next =
        version2(
            accounts("balance", "owner", "id")
                .index("rich", IndexKind.BTREE, "balance", "owner")
                .build());

    var migrated = ModuleTables.migrate(deployed, next);

    assertEquals(
        List.of(List.of(50L, "bob", 2L), List.of(100L, "alice", 1L)),
        TableState.rows(migrated.table("accounts").range("rich", null, null)));
  }

  @Test
  void shouldFailWhenCarriedRowsShareAValueOfANewUniqueIndex() {
    var next =
        version2(
            accounts("id", "owner", "balance")
                .column("email", Type.string())
                .uniqueIndex("email", IndexKind.BTREE, "email")
                .build());
    var before = state(deployed);

    var error = assertThrows(TableException.class, () -> ModuleTables.migrate(deployed, next));

    assertEquals(
        "cannot upgrade module bank to version 2: the carried-over row [2, \"bob\", 50, \"\"]"
            + " breaks a constraint: accounts: unique index email already holds \"\" (row with"
            + " id = 1)",
        error.getMessage());
    assertEquals(before, state(deployed));
  }

  @Test
  void shouldKeepAutoIncrementCounters() {
    var next = version2(accounts("id", "owner", "balance").build());

    var migrated = ModuleTables.migrate(deployed, next);

    // Key 3 was used by a deleted row and stays used.
    assertEquals(4L, migrated.table("accounts").nextAutoIncrement());
    assertEquals(2L, migrated.table("transfers").nextAutoIncrement());
    assertEquals(4L, migrated.table("accounts").insert(new Object[] {0L, "dave", 1L})[0]);
  }

  @Test
  void shouldStartAutoIncrementAfterTheLargestKeyWhenTurnedOn() {
    var plain = TableSchema.builder("codes").column("id", Type.i32()).primaryKey("id").build();
    var old = ModuleTables.create(ModuleSchema.builder("bank").table(plain).build());
    old.table("codes").insert(new Object[] {41});
    var generated =
        TableSchema.builder("codes").column("id", Type.i32()).primaryKey("id").autoIncrement();

    var migrated =
        ModuleTables.migrate(old, ModuleSchema.builder("bank").table(generated.build()).build());

    assertEquals(42L, migrated.table("codes").nextAutoIncrement());
  }

  @Test
  void shouldLeaveTheOldTablesUntouched() {
    var before = state(deployed);
    var next =
        version2(
            accounts("id", "balance")
                .column("owner", Type.i64())
                .uniqueIndex("balance", IndexKind.HASH, "balance", "owner")
                .build());

    var migrated = ModuleTables.migrate(deployed, next);
    migrated.table("accounts").insert(new Object[] {0L, 7L, 7L});
    migrated.table("transfers").delete(1);

    assertEquals(before, state(deployed));
    assertSame(Bank.SCHEMA, deployed.schema());
  }

  @Test
  void shouldShareTheRowsOfAnUnchangedLayout() {
    var migrated = ModuleTables.migrate(deployed, version2(Bank.ACCOUNTS));

    assertArrayEquals(deployed.table("accounts").get(1L), migrated.table("accounts").get(1L));
  }

  @Test
  void shouldStartNewTablesEmptyAndLeaveDroppedTablesBehind() {
    var loans = TableSchema.builder("loans").column("id", Type.i64()).primaryKey("id").build();
    var next = ModuleSchema.builder("bank").version(2).table(loans).table(Bank.ACCOUNTS).build();

    var migrated = ModuleTables.migrate(deployed, next);

    assertEquals(List.of("loans", "accounts"), names(migrated));
    assertEquals(0L, migrated.table("loans").size());
    assertEquals(2L, migrated.table("accounts").size());
  }

  @Test
  void shouldStartATableEmptyWhenItsPersistenceChanges() {
    var transfers = Bank.TRANSFERS;
    var ephemeral =
        new TableSchema(
            transfers.name(),
            transfers.columns(),
            transfers.primaryKey(),
            transfers.autoIncrement(),
            transfers.indexes(),
            Persistence.EPHEMERAL,
            transfers.visibility());
    var next =
        ModuleSchema.builder("bank").version(2).table(Bank.ACCOUNTS).table(ephemeral).build();

    var migrated = ModuleTables.migrate(deployed, next);

    assertNull(migrated.table("transfers").get(1));
    assertEquals(1L, migrated.table("transfers").nextAutoIncrement());
  }

  @Test
  void shouldBuildTheSameTablesEveryTime() {
    var next =
        version2(
            accounts("owner", "id")
                .column("tags", Type.list(Type.i32()))
                .index("tags", IndexKind.HASH, "tags")
                .build());

    assertEquals(
        state(ModuleTables.migrate(deployed, next)), state(ModuleTables.migrate(deployed, next)));
  }

  private static List<String> names(ModuleTables tables) {
    var names = new ArrayList<String>();
    for (var table : tables.tables()) {
      names.add(table.schema().name());
    }
    return names;
  }
}
