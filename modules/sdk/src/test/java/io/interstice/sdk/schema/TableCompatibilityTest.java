package io.interstice.sdk.schema;

import static io.interstice.sdk.schema.CompatibilityFixtures.BALANCE;
import static io.interstice.sdk.schema.CompatibilityFixtures.DEPLOYED;
import static io.interstice.sdk.schema.CompatibilityFixtures.ID;
import static io.interstice.sdk.schema.CompatibilityFixtures.OWNER;
import static io.interstice.sdk.schema.CompatibilityFixtures.accountColumns;
import static io.interstice.sdk.schema.CompatibilityFixtures.accounts;
import static io.interstice.sdk.schema.CompatibilityFixtures.accountsOf;
import static io.interstice.sdk.schema.CompatibilityFixtures.assertChange;
import static io.interstice.sdk.schema.CompatibilityFixtures.bank;
import static io.interstice.sdk.schema.CompatibilityFixtures.upgradeTo;
import static io.interstice.sdk.schema.CompatibilityFixtures.withUpgradeReducer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.sdk.schema.SchemaChange.Kind;
import io.interstice.sdk.schema.SchemaChange.Severity;
import io.interstice.sdk.value.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableCompatibilityTest {
  @Test
  void shouldAcceptAColumnAddedAtTheEndWithADefault() {
    var report = upgradeTo(accounts().column("currency", Type.string(), "EUR").build());

    assertChange(
        Kind.COLUMN_ADDED,
        Severity.INFO,
        "table accounts: column currency string added, default \"EUR\"",
        report);
  }

  @Test
  void shouldAcceptAnOptionColumnAddedAtTheEndWithoutADefault() {
    var report = upgradeTo(accounts().column("note", Type.option(Type.string())).build());

    assertChange(
        Kind.COLUMN_ADDED,
        Severity.INFO,
        "table accounts: column note option<string> added, default none",
        report);
  }

  @Test
  void shouldNeedAMigrationForAColumnAddedWithoutADefault() {
    var report = upgradeTo(accounts().column("currency", Type.string()).build());

    assertChange(
        Kind.COLUMN_ADDED,
        Severity.NEEDS_MIGRATION,
        "table accounts: column currency string added without a default value",
        report);
  }

  @Test
  void shouldNeedAMigrationForAColumnAddedBeforeAnExistingOne() {
    var accounts =
        accountsOf(ID, OWNER, new ColumnSchema("currency", Type.string(), "EUR"), BALANCE);

    var report = upgradeTo(accounts);

    assertChange(
        Kind.COLUMN_ADDED,
        Severity.NEEDS_MIGRATION,
        "table accounts: column currency string added before existing column balance",
        report);
  }

  @Test
  void shouldNeedAMigrationToDropAColumn() {
    var accounts = accountsOf(ID, OWNER);

    var report = upgradeTo(accounts);

    assertChange(
        Kind.COLUMN_DROPPED,
        Severity.NEEDS_MIGRATION,
        "table accounts: column balance dropped",
        report);
  }

  @Test
  void shouldNeedAMigrationToRetypeAColumn() {
    var accounts = accountsOf(ID, OWNER, ColumnSchema.of("balance", Type.string()));

    var report = upgradeTo(accounts);

    assertChange(
        Kind.COLUMN_RETYPED,
        Severity.NEEDS_MIGRATION,
        "table accounts: column balance changed type from i64 to string",
        report);
  }

  @Test
  void shouldNeedAMigrationToReorderColumns() {
    var accounts = accountsOf(ID, BALANCE, OWNER);

    var report = upgradeTo(accounts);

    assertChange(
        Kind.COLUMNS_REORDERED,
        Severity.NEEDS_MIGRATION,
        "table accounts: columns reordered from (id, owner, balance) to (id, balance, owner)",
        report);
  }

  @Test
  void shouldRefuseAnotherPrimaryKeyEvenWithAnUpgradeReducer() {
    var accounts =
        accountColumns().primaryKey("owner").uniqueIndex("owner", IndexKind.BTREE, "owner").build();
    var next = withUpgradeReducer(bank(2, accounts).build());

    var report = SchemaCompatibility.compare(DEPLOYED, next);

    assertEquals(
        List.of(
            new SchemaChange(
                Kind.PRIMARY_KEY_CHANGED,
                Severity.REFUSED,
                "table accounts: primary key changed from id to owner"),
            new SchemaChange(
                Kind.AUTO_INCREMENT_CHANGED,
                Severity.NEEDS_MIGRATION,
                "table accounts: auto-increment turned off for primary key owner")),
        report.breaking());
    assertFalse(report.allowedWithMigration());
    assertFalse(report.accepted());
    assertTrue(
        report
            .toString()
            .startsWith(
                "upgrade of module bank from version 1 to 2: refused, 1 change is not possible"
                    + " even with an upgrade reducer\n"
                    + "  refused: table accounts: primary key changed from id to owner\n"));
  }

  @Test
  void shouldReportARetypedPrimaryKeyOnceAsRefused() {
    var accounts = accountsOf(ColumnSchema.of("id", Type.i32()), OWNER, BALANCE);

    var report = upgradeTo(accounts);

    assertChange(
        Kind.PRIMARY_KEY_CHANGED,
        Severity.REFUSED,
        "table accounts: primary key id changed type from i64 to i32",
        report);
  }

  @Test
  void shouldNeedAMigrationToTurnAutoIncrementOn() {
    var plain =
        accountColumns().primaryKey("id").uniqueIndex("owner", IndexKind.BTREE, "owner").build();

    var report =
        SchemaCompatibility.compare(bank(1, plain).build(), bank(2, accounts().build()).build());

    assertChange(
        Kind.AUTO_INCREMENT_CHANGED,
        Severity.NEEDS_MIGRATION,
        "table accounts: auto-increment turned on for primary key id",
        report);
  }

  @Test
  void shouldNoteAChangedDefault() {
    var deployed = bank(1, accounts().column("currency", Type.string(), "EUR").build()).build();
    var next = bank(2, accounts().column("currency", Type.string(), "USD").build()).build();

    var report = SchemaCompatibility.compare(deployed, next);

    assertChange(
        Kind.COLUMN_DEFAULT_CHANGED,
        Severity.INFO,
        "table accounts: column currency default changed from \"EUR\" to \"USD\"",
        report);
  }

  @Test
  void shouldAcceptAnAddedIndex() {
    var report = upgradeTo(accounts().index("balance", IndexKind.HASH, "balance").build());

    assertChange(
        Kind.INDEX_ADDED,
        Severity.INFO,
        "table accounts: index balance added, hash on (balance)",
        report);
  }

  @Test
  void shouldAcceptADroppedIndex() {
    var accounts = accountColumns().primaryKey("id").autoIncrement().build();

    var report = upgradeTo(accounts);

    assertChange(Kind.INDEX_DROPPED, Severity.INFO, "table accounts: index owner dropped", report);
  }

  @Test
  void shouldAcceptAChangedIndex() {
    var accounts =
        accountColumns()
            .primaryKey("id")
            .autoIncrement()
            .index("owner", IndexKind.HASH, "owner", "balance")
            .build();

    var report = upgradeTo(accounts);

    assertChange(
        Kind.INDEX_CHANGED,
        Severity.INFO,
        "table accounts: index owner changed from unique btree on (owner) to hash on (owner,"
            + " balance)",
        report);
  }

  @Test
  void shouldNeedAMigrationToMakeALoggedTableEphemeral() {
    var report = upgradeTo(accounts().persistence(Persistence.EPHEMERAL).build());

    assertChange(
        Kind.TABLE_PERSISTENCE_CHANGED,
        Severity.NEEDS_MIGRATION,
        "table accounts: persistence changed from logged to ephemeral, it starts empty",
        report);
  }

  @Test
  void shouldNoteThatAnEphemeralTableMadeLoggedStartsEmpty() {
    var deployed = bank(1, accounts().persistence(Persistence.EPHEMERAL).build()).build();
    // Other changes of a table that starts empty do not matter.
    var next = bank(2, accounts().column("extra", Type.i64()).build()).build();

    var report = SchemaCompatibility.compare(deployed, next);

    assertChange(
        Kind.TABLE_PERSISTENCE_CHANGED,
        Severity.NOTE,
        "table accounts: persistence changed from ephemeral to logged, it starts empty",
        report);
    assertTrue(report.compatible());
  }
}
