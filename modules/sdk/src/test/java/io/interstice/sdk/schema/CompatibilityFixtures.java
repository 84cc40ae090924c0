package io.interstice.sdk.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.interstice.sdk.schema.SchemaChange.Kind;
import io.interstice.sdk.schema.SchemaChange.Severity;
import io.interstice.sdk.value.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A deployed bank module and ways to change it, for the compatibility tests. */
final class CompatibilityFixtures {
  private CompatibilityFixtures() {}

  static final ReducerSchema UPGRADE =
      new ReducerSchema("migrate", List.of(), Visibility.PRIVATE, Lifecycle.UPGRADE);

  /** The deployed columns of accounts, without a key. */
  static TableSchema.Builder accountColumns() {
    return TableSchema.builder("accounts")
        .column("id", Type.i64())
        .column("owner", Type.string())
        .column("balance", Type.i64());
  }

  static TableSchema.Builder accounts() {
    return accountColumns()
        .primaryKey("id")
        .autoIncrement()
        .uniqueIndex("owner", IndexKind.BTREE, "owner");
  }

  static final ColumnSchema ID = ColumnSchema.of("id", Type.i64());
  static final ColumnSchema OWNER = ColumnSchema.of("owner", Type.string());
  static final ColumnSchema BALANCE = ColumnSchema.of("balance", Type.i64());

  /** The accounts table with other columns, keyed and indexed as deployed. */
  static TableSchema accountsOf(ColumnSchema... columns) {
    var builder = TableSchema.builder("accounts");
    for (var column : columns) {
      builder.column(column.name(), column.type(), column.defaultValue());
    }
    return builder
        .primaryKey("id")
        .autoIncrement()
        .uniqueIndex("owner", IndexKind.BTREE, "owner")
        .build();
  }

  static ModuleSchema.Builder bank(int version, TableSchema accounts) {
    return ModuleSchema.builder("bank")
        .version(version)
        .table(accounts)
        .reducer(
            ReducerSchema.of(
                "deposit", ParamSchema.of("id", Type.i64()), ParamSchema.of("amount", Type.i64())))
        .reducer(new ReducerSchema("on_message", List.of(), Visibility.PRIVATE, Lifecycle.NONE))
        .query(QuerySchema.of("balance", Type.i64(), ParamSchema.of("id", Type.i64())))
        .subscription(SubscriptionSchema.parse("chat.messages.insert", "on_message"));
  }

  static final ModuleSchema DEPLOYED = bank(1, accounts().build()).build();

  static CompatibilityReport upgradeTo(TableSchema accounts) {
    return SchemaCompatibility.compare(DEPLOYED, bank(2, accounts).build());
  }

  static CompatibilityReport upgradeTo(UnaryOperator<ModuleSchema> change) {
    return SchemaCompatibility.compare(DEPLOYED, change.apply(bank(2, accounts().build()).build()));
  }

  static ModuleSchema withReducers(ModuleSchema schema, List<ReducerSchema> reducers) {
    return new ModuleSchema(
        schema.name(),
        schema.version(),
        schema.visibility(),
        schema.tables(),
        reducers,
        schema.queries(),
        schema.subscriptions());
  }

  static ModuleSchema withTables(ModuleSchema schema, List<TableSchema> tables) {
    return new ModuleSchema(
        schema.name(),
        schema.version(),
        schema.visibility(),
        tables,
        schema.reducers(),
        schema.queries(),
        schema.subscriptions());
  }

  static ModuleSchema withQueries(List<QuerySchema> queries) {
    var schema = bank(2, accounts().build()).build();
    return new ModuleSchema(
        schema.name(),
        schema.version(),
        schema.visibility(),
        schema.tables(),
        schema.reducers(),
        queries,
        schema.subscriptions());
  }

  static ModuleSchema withUpgradeReducer(ModuleSchema schema) {
    var reducers = new ArrayList<>(schema.reducers());
    reducers.add(UPGRADE);
    return withReducers(schema, reducers);
  }

  static SchemaChange only(CompatibilityReport report) {
    assertEquals(1, report.changes().size(), report::toString);
    return report.changes().get(0);
  }

  static void assertChange(
      Kind kind, Severity severity, String message, CompatibilityReport report) {
    assertEquals(new SchemaChange(kind, severity, message), only(report));
  }
}
