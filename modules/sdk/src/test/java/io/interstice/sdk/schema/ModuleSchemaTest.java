package io.interstice.sdk.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.ValueTypeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleSchemaTest {

  static TableSchema accounts() {
    return TableSchema.builder("accounts")
        .column("id", Type.i64())
        .column("owner", Type.string())
        .column("balance", Type.i64(), 0L)
        .primaryKey("id")
        .autoIncrement()
        .uniqueIndex("by_owner", IndexKind.HASH, "owner")
        .build();
  }

  static ModuleSchema bank() {
    return ModuleSchema.builder("bank")
        .table(accounts())
        .reducer(
            ReducerSchema.of(
                "transfer",
                ParamSchema.of("from", Type.i64()),
                ParamSchema.of("to", Type.i64()),
                ParamSchema.of("amount", Type.i64())))
        .reducer(new ReducerSchema("init", List.of(), Visibility.PRIVATE, Lifecycle.INIT))
        .query(QuerySchema.of("balance", Type.i64(), ParamSchema.of("id", Type.i64())))
        .subscription(SubscriptionSchema.parse("chat.messages.insert", "transfer"))
        .build();
  }

  private static TableSchema table(
      String name,
      List<ColumnSchema> columns,
      int primaryKey,
      boolean autoIncrement,
      List<IndexSchema> indexes) {
    return new TableSchema(
        name, columns, primaryKey, autoIncrement, indexes, Persistence.LOGGED, Visibility.PUBLIC);
  }

  private static List<String> problemsOfTable(TableSchema table) {
    return ModuleSchema.builder("bank").table(table).build().validate();
  }

  @Test
  void shouldFindNoProblemInAValidSchema() {
    assertEquals(List.of(), bank().validate());
    assertSame(bank().getClass(), bank().requireValid().getClass());
  }

  @Test
  void shouldLookUpTablesReducersAndQueriesByName() {
    var bank = bank();
    assertEquals(0, bank.table("accounts").orElseThrow().primaryKey());
    assertEquals(
        List.of(Type.i64(), Type.i64(), Type.i64()),
        bank.reducer("transfer").orElseThrow().paramTypes());
    assertEquals(Type.i64(), bank.query("balance").orElseThrow().resultType());
    assertTrue(bank.table("nope").isEmpty());
    var accounts = bank.table("accounts").orElseThrow();
    assertEquals(2, accounts.columnIndex("balance"));
    assertEquals(List.of(1), accounts.index("by_owner").orElseThrow().columns());
    assertEquals("id", accounts.primaryKeyColumn().name());
  }

  @Test
  void shouldReportDuplicateNames() {
    var schema =
        ModuleSchema.builder("bank")
            .table(accounts())
            .table(accounts())
            .reducer(ReducerSchema.of("pay"))
            .reducer(ReducerSchema.of("pay"))
            .query(QuerySchema.of("q", Type.bool()))
            .query(QuerySchema.of("q", Type.bool()))
            .build();
    assertEquals(
        List.of(
            "duplicate table name accounts",
            "duplicate reducer name pay",
            "duplicate query name q"),
        schema.validate());
  }

  @Test
  void shouldReportDuplicateColumnsIndexesAndParameters() {
    var columns = List.of(ColumnSchema.of("id", Type.i64()), ColumnSchema.of("id", Type.i32()));
    var indexes =
        List.of(
            new IndexSchema("ix", List.of(0), IndexKind.BTREE, false),
            new IndexSchema("ix", List.of(0, 0), IndexKind.BTREE, false));
    assertEquals(
        List.of(
            "table t: duplicate column name id",
            "table t: duplicate index name ix",
            "table t, index ix: lists column id twice"),
        problemsOfTable(table("t", columns, 0, false, indexes)));
    var reducer =
        ReducerSchema.of("r", ParamSchema.of("a", Type.i32()), ParamSchema.of("a", Type.i32()));
    assertEquals(
        List.of("reducer r: duplicate parameter name a"),
        ModuleSchema.builder("m").reducer(reducer).build().validate());
  }

  @Test
  void shouldReportAMissingPrimaryKey() {
    var table =
        table(
            "t",
            List.of(ColumnSchema.of("id", Type.i64())),
            TableSchema.NO_PRIMARY_KEY,
            false,
            List.of());
    assertEquals(List.of("table t: has no primary key"), problemsOfTable(table));
    var outOfRange = table("t", List.of(ColumnSchema.of("id", Type.i64())), 3, false, List.of());
    assertEquals(
        List.of("table t: primary key refers to unknown column 3"), problemsOfTable(outOfRange));
  }

  @Test
  void shouldReportAutoIncrementOnANonIntegerKey() {
    var table = table("t", List.of(ColumnSchema.of("id", Type.string())), 0, true, List.of());
    assertEquals(
        List.of("table t: auto-increment primary key id must be i32 or i64, found string"),
        problemsOfTable(table));
    var i32 = table("t", List.of(ColumnSchema.of("id", Type.i32())), 0, true, List.of());
    assertEquals(List.of(), problemsOfTable(i32));
  }

  @Test
  void shouldReportAnOptionPrimaryKey() {
    var table =
        table("t", List.of(ColumnSchema.of("id", Type.option(Type.i64()))), 0, false, List.of());
    assertEquals(
        List.of("table t: primary key id must not be an option, found option<i64>"),
        problemsOfTable(table));
  }

  @Test
  void shouldReportAnIndexOnAnUnknownColumn() {
    var table =
        table(
            "accounts",
            List.of(ColumnSchema.of("id", Type.i64())),
            0,
            false,
            List.of(
                new IndexSchema("by_owner", List.of(7), IndexKind.BTREE, true),
                new IndexSchema("empty", List.of(), IndexKind.HASH, false)));
    assertEquals(
        List.of(
            "table accounts, index by_owner: refers to unknown column 7",
            "table accounts, index empty: has no columns"),
        problemsOfTable(table));
  }

  @Test
  void shouldReportBadNamesEverywhere() {
    var struct = Type.struct(Type.field("Zip", Type.i32()));
    var schema =
        ModuleSchema.builder("Bank")
            .version(0)
            .table(
                table(
                    "Accounts",
                    List.of(
                        ColumnSchema.of("id", Type.i64()), ColumnSchema.of("home-town", struct)),
                    0,
                    false,
                    List.of()))
            .reducer(ReducerSchema.of("Transfer", ParamSchema.of("x y", Type.enumOf("A"))))
            .query(QuerySchema.of("q" + "x".repeat(64), Type.bool()))
            .build();
    var rule = " is not valid ([a-z][a-z0-9_]*, at most 64 characters)";
    assertEquals(
        List.of(
            "module name 'Bank'" + rule,
            "module Bank: version must be at least 1, found 0",
            "table name 'Accounts'" + rule,
            "table Accounts, column name 'home-town'" + rule,
            "table Accounts, column home-town, struct field name 'Zip'" + rule,
            "reducer name 'Transfer'" + rule,
            "reducer Transfer, parameter name 'x y'" + rule,
            "reducer Transfer, parameter x y, enum variant name 'A'" + rule,
            "query name 'q" + "x".repeat(64) + "'" + rule),
        schema.validate());
  }

  @Test
  void shouldReportATableWithoutColumns() {
    assertEquals(
        List.of("table t: has no columns", "table t: has no primary key"),
        problemsOfTable(table("t", List.of(), TableSchema.NO_PRIMARY_KEY, false, List.of())));
  }

  @Test
  void shouldReportADefaultOfTheWrongType() {
    var table =
        table(
            "t",
            List.of(ColumnSchema.of("id", Type.i64()), new ColumnSchema("n", Type.i32(), "0")),
            0,
            false,
            List.of());
    assertEquals(
        List.of("table t, column n: default value: expected i32, found String \"0\""),
        problemsOfTable(table));
  }

  @Test
  void shouldReportLifecycleReducerMistakes() {
    var schema =
        ModuleSchema.builder("m")
            .reducer(new ReducerSchema("a", List.of(), Visibility.PRIVATE, Lifecycle.INIT))
            .reducer(
                new ReducerSchema(
                    "b",
                    List.of(ParamSchema.of("x", Type.i32())),
                    Visibility.PRIVATE,
                    Lifecycle.INIT))
            .subscription(SubscriptionSchema.parse("m.t.delete", "a"))
            .subscription(SubscriptionSchema.parse("m.t.update", "missing"))
            .build();
    assertEquals(
        List.of(
            "reducer b: a module has at most one init reducer",
            "reducer b: init reducer must take no parameters",
            "subscription m.t.delete -> a: a lifecycle reducer cannot subscribe",
            "subscription m.t.update -> missing: reducer missing does not exist"),
        schema.validate());
  }

  @Test
  void shouldThrowEveryProblemAtOnce() {
    var schema = ModuleSchema.builder("Bank").version(0).build();
    var error = assertThrows(SchemaValidationException.class, schema::requireValid);
    assertEquals(2, error.problems().size());
    assertTrue(error.getMessage().startsWith("invalid schema of module Bank: module name 'Bank'"));
  }

  @Test
  void shouldRefuseUnknownColumnsInTheTableBuilder() {
    var error =
        assertThrows(
            SchemaValidationException.class,
            () ->
                TableSchema.builder("t")
                    .column("id", Type.i64())
                    .primaryKey("key")
                    .index("ix", IndexKind.BTREE, "nope")
                    .build());
    assertEquals(
        "table t: primary key refers to unknown column key; index ix refers to unknown column nope",
        error.getMessage());
  }

  @Test
  void shouldCheckARowAgainstTheTable() {
    accounts().checkRow(new Object[] {1L, "al", 5L});
    var wrong =
        assertThrows(
            ValueTypeException.class, () -> accounts().checkRow(new Object[] {1L, "al", "5"}));
    assertEquals("accounts.balance: expected i64, found String \"5\"", wrong.getMessage());
    var short_ =
        assertThrows(ValueTypeException.class, () -> accounts().checkRow(new Object[] {1L}));
    assertEquals("accounts: expected 3 columns, found a row of 1 values", short_.getMessage());
  }
}
