package io.interstice.sdk.schema;

import static io.interstice.sdk.schema.CompatibilityFixtures.DEPLOYED;
import static io.interstice.sdk.schema.CompatibilityFixtures.ID;
import static io.interstice.sdk.schema.CompatibilityFixtures.OWNER;
import static io.interstice.sdk.schema.CompatibilityFixtures.accounts;
import static io.interstice.sdk.schema.CompatibilityFixtures.accountsOf;
import static io.interstice.sdk.schema.CompatibilityFixtures.assertChange;
import static io.interstice.sdk.schema.CompatibilityFixtures.bank;
import static io.interstice.sdk.schema.CompatibilityFixtures.upgradeTo;
import static io.interstice.sdk.schema.CompatibilityFixtures.withQueries;
import static io.interstice.sdk.schema.CompatibilityFixtures.withReducers;
import static io.interstice.sdk.schema.CompatibilityFixtures.withTables;
import static io.interstice.sdk.schema.CompatibilityFixtures.withUpgradeReducer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.sdk.schema.SchemaChange.Kind;
import io.interstice.sdk.schema.SchemaChange.Severity;
import io.interstice.sdk.value.Type;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchemaCompatibilityTest {
  @Test
  void shouldAcceptTheSameSchemaUnderAHigherVersion() {
    var report = upgradeTo(accounts().build());

    assertTrue(report.compatible());
    assertTrue(report.accepted());
    assertEquals(List.of(), report.changes());
    assertEquals(
        "upgrade of module bank from version 1 to 2: compatible, no changes", report.toString());
  }

  @Test
  void shouldRefuseAVersionThatDoesNotIncrease() {
    var same = SchemaCompatibility.compare(DEPLOYED, withUpgradeReducer(DEPLOYED));
    var lower =
        SchemaCompatibility.compare(
            bank(3, accounts().build()).build(), bank(2, accounts().build()).build());

    assertEquals(
        new SchemaChange(
            Kind.VERSION_NOT_INCREASED,
            Severity.REFUSED,
            "module bank: version must increase, deployed 1, new 1"),
        same.breaking().get(0));
    assertFalse(same.allowedWithMigration());
    assertFalse(same.accepted());
    assertChange(
        Kind.VERSION_NOT_INCREASED,
        Severity.REFUSED,
        "module bank: version must increase, deployed 3, new 2",
        lower);
  }

  @Test
  void shouldRefuseAnotherModuleName() {
    var next =
        ModuleSchema.builder("vault")
            .version(2)
            .table(accounts().build())
            .reducer(DEPLOYED.reducers().get(0))
            .reducer(DEPLOYED.reducers().get(1))
            .query(DEPLOYED.queries().get(0))
            .subscription(DEPLOYED.subscriptions().get(0))
            .build();

    var report = SchemaCompatibility.compare(DEPLOYED, next);

    assertChange(
        Kind.MODULE_RENAMED, Severity.REFUSED, "module name changed from bank to vault", report);
    assertFalse(report.accepted());
  }

  @Test
  void shouldAcceptAnAddedTable() {
    var loans = TableSchema.builder("loans").column("id", Type.i64()).primaryKey("id").build();

    var report = upgradeTo(schema -> withTables(schema, List.of(schema.tables().get(0), loans)));

    assertChange(Kind.TABLE_ADDED, Severity.INFO, "table loans added", report);
    assertTrue(report.compatible());
  }

  @Test
  void shouldNeedAMigrationToDropATable() {
    var report = upgradeTo(schema -> withTables(schema, List.of()));

    assertChange(
        Kind.TABLE_DROPPED,
        Severity.NEEDS_MIGRATION,
        "table accounts dropped with its rows",
        report);
    assertFalse(report.compatible());
    assertTrue(report.allowedWithMigration());
    assertFalse(report.accepted());
    assertEquals(
        "upgrade of module bank from version 1 to 2: refused, 1 change needs an upgrade reducer\n"
            + "  needs migration: table accounts dropped with its rows",
        report.toString());
  }

  @Test
  void shouldAcceptBreakingChangesWithAnUpgradeReducer() {
    var report = upgradeTo(schema -> withUpgradeReducer(withTables(schema, List.of())));

    assertFalse(report.compatible());
    assertTrue(report.accepted());
    assertEquals(Optional.of("migrate"), report.upgradeReducer());
    assertEquals(
        "upgrade of module bank from version 1 to 2: accepted with upgrade reducer migrate\n"
            + "  needs migration: table accounts dropped with its rows\n"
            + "  info: reducer migrate added",
        report.toString());
  }

  @Test
  void shouldNoteNarrowedVisibilityAndAcceptWidenedVisibility() {
    var narrowed =
        upgradeTo(
            schema ->
                new ModuleSchema(
                    "bank",
                    2,
                    Visibility.PRIVATE,
                    schema.tables(),
                    schema.reducers(),
                    schema.queries(),
                    schema.subscriptions()));
    var widened =
        SchemaCompatibility.compare(
            bank(1, accounts().visibility(Visibility.PRIVATE).build()).build(),
            bank(2, accounts().build()).build());

    assertChange(
        Kind.MODULE_VISIBILITY_CHANGED,
        Severity.NOTE,
        "module bank visibility changed from public to private",
        narrowed);
    assertChange(
        Kind.TABLE_VISIBILITY_CHANGED,
        Severity.INFO,
        "table accounts visibility changed from private to public",
        widened);
    assertTrue(narrowed.compatible());
  }

  @Test
  void shouldNoteChangesOfAReducerThatClientsCall() {
    var deposit =
        new ReducerSchema(
            "deposit",
            List.of(ParamSchema.of("id", Type.i64())),
            Visibility.PRIVATE,
            Lifecycle.NONE);

    var report =
        upgradeTo(schema -> withReducers(schema, List.of(deposit, schema.reducers().get(1))));

    assertEquals(
        List.of(
            SchemaChange.note(
                Kind.REDUCER_PARAMS_CHANGED,
                "reducer deposit changed parameters from (id: i64, amount: i64) to (id: i64)"),
            SchemaChange.note(
                Kind.REDUCER_VISIBILITY_CHANGED,
                "reducer deposit visibility changed from public to private")),
        report.changes());
    assertEquals(report.changes(), report.notes());
    assertTrue(report.compatible());
  }

  @Test
  void shouldNoteARemovedPublicReducerButNotAPrivateOne() {
    var report = upgradeTo(schema -> withReducers(schema, List.of()));

    assertEquals(
        List.of(
            SchemaChange.note(Kind.REDUCER_REMOVED, "reducer deposit removed"),
            SchemaChange.info(Kind.REDUCER_REMOVED, "reducer on_message removed")),
        report.changes());
    assertTrue(report.compatible());
  }

  @Test
  void shouldReportAddedReducersAndChangedLifecycles() {
    var upgrade = new ReducerSchema("on_message", List.of(), Visibility.PRIVATE, Lifecycle.UPGRADE);
    var report =
        SchemaCompatibility.compare(
            withReducers(DEPLOYED, List.of(DEPLOYED.reducers().get(1))),
            withReducers(
                bank(2, accounts().build()).build(), List.of(DEPLOYED.reducers().get(0), upgrade)));

    assertEquals(
        List.of(
            SchemaChange.info(
                Kind.REDUCER_LIFECYCLE_CHANGED,
                "reducer on_message changed lifecycle from none to upgrade"),
            SchemaChange.info(Kind.REDUCER_ADDED, "reducer deposit added")),
        report.changes());
  }

  @Test
  void shouldNoteRemovedAndChangedQueries() {
    var balance =
        QuerySchema.of("balance", Type.option(Type.i64()), ParamSchema.of("id", Type.i64()));
    var owner = QuerySchema.of("owner", Type.string(), ParamSchema.of("id", Type.i64()));
    var changed = SchemaCompatibility.compare(DEPLOYED, withQueries(List.of(balance, owner)));
    var removed = SchemaCompatibility.compare(DEPLOYED, withQueries(List.of()));

    assertEquals(
        List.of(
            SchemaChange.note(
                Kind.QUERY_CHANGED,
                "query balance changed from (id: i64) -> i64 to (id: i64) -> option<i64>"),
            SchemaChange.info(Kind.QUERY_ADDED, "query owner added")),
        changed.changes());
    assertChange(Kind.QUERY_REMOVED, Severity.NOTE, "query balance removed", removed);
  }

  @Test
  void shouldReportRemovedSubscriptionsAsInfo() {
    var next = withQueries(DEPLOYED.queries());
    next =
        new ModuleSchema(
            "bank",
            2,
            Visibility.PUBLIC,
            next.tables(),
            next.reducers(),
            next.queries(),
            List.of());

    var report = SchemaCompatibility.compare(DEPLOYED, next);

    assertChange(
        Kind.SUBSCRIPTION_REMOVED,
        Severity.INFO,
        "subscription chat.messages.insert -> on_message removed",
        report);
  }

  @Test
  void shouldReportAddedSubscriptionsAsInfo() {
    var next =
        bank(2, accounts().build())
            .subscription(SubscriptionSchema.parse("chat.users.delete", "on_message"))
            .build();

    var report = SchemaCompatibility.compare(DEPLOYED, next);

    assertChange(
        Kind.SUBSCRIPTION_ADDED,
        Severity.INFO,
        "subscription chat.users.delete -> on_message added",
        report);
  }

  @Test
  void shouldListEveryChangeMostSevereFirst() {
    var deployed =
        ModuleSchema.builder("bank")
            .table(accounts().column("memo", Type.string()).build())
            .reducer(ReducerSchema.of("close_account", ParamSchema.of("id", Type.i64())))
            .build();
    var accounts = accountsOf(ID, OWNER, ColumnSchema.of("balance", Type.string()));
    var loans = TableSchema.builder("loans").column("id", Type.i64()).primaryKey("id").build();
    var next = ModuleSchema.builder("bank").version(2).table(loans).table(accounts).build();

    var report = SchemaCompatibility.compare(deployed, next);

    assertEquals(
        "upgrade of module bank from version 1 to 2: refused, 2 changes need an upgrade reducer\n"
            + "  needs migration: table accounts: column balance changed type from i64 to string\n"
            + "  needs migration: table accounts: column memo dropped\n"
            + "  note: reducer close_account removed\n"
            + "  info: table loans added",
        report.toString());
  }
}
