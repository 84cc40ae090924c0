package io.interstice.runtime.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleTablesTest {
  private final ModuleTables tables = ModuleTables.create(Bank.SCHEMA);

  private List<TableState> state(ModuleTables source) {
    var state = new ArrayList<TableState>();
    for (var table : source.tables()) {
      state.add(TableState.of(table));
    }
    return state;
  }

  @Test
  void shouldListTablesInSchemaOrder() {
    assertEquals("accounts", tables.tables().get(0).schema().name());
    assertEquals("transfers", tables.tables().get(1).schema().name());
  }

  @Test
  void shouldRejectAnUnknownTable() {
    var error = assertThrows(TableException.class, () -> tables.table("loans"));

    assertEquals("module bank has no table named loans", error.getMessage());
  }

  @Test
  void shouldRebuildTheSameStateByReplayingCommittedChanges() {
    var transaction = Transaction.begin(tables);
    transaction.insert("accounts", new Object[] {0L, "alice", 100L});
    transaction.insert("accounts", new Object[] {0L, "bob", 50L});
    transaction.insert("accounts", new Object[] {0L, "carol", 50L});
    transaction.update("accounts", new Object[] {1L, "alice", 90L});
    transaction.delete("accounts", 3L);
    transaction.insert("transfers", new Object[] {0, 1L, 10L});
    var changes = transaction.commit();

    var replayed = ModuleTables.create(Bank.SCHEMA);
    changes.forEach(replayed::replay);

    assertEquals(state(tables), state(replayed));
    assertEquals(4L, replayed.table("accounts").nextAutoIncrement());
  }

  @Test
  void shouldRejectReplayOfAnInsertOfAnExistingRow() {
    tables.replay(new RowChange.Inserted("accounts", new Object[] {1L, "alice", 1L}));

    var error =
        assertThrows(
            TableException.class,
            () -> tables.replay(new RowChange.Inserted("accounts", new Object[] {1L, "bob", 1L})));

    assertEquals(
        "cannot replay insert of [1, \"bob\", 1]: accounts: primary key id = 1 is already taken",
        error.getMessage());
  }

  @Test
  void shouldRejectReplayOfAnUpdateOfAMissingRow() {
    var change =
        new RowChange.Updated("accounts", new Object[] {4L, "a", 1L}, new Object[] {4L, "a", 2L});

    var error = assertThrows(TableException.class, () -> tables.replay(change));

    assertEquals(
        "accounts: cannot replay update: no row with primary key id = 4", error.getMessage());
  }

  @Test
  void shouldRejectReplayOfAnUpdateWhoseOldRowDiffersFromTheStoredOne() {
    tables.replay(new RowChange.Inserted("accounts", new Object[] {1L, "alice", 1L}));
    var change =
        new RowChange.Updated(
            "accounts", new Object[] {1L, "alice", 7L}, new Object[] {1L, "alice", 8L});

    var error = assertThrows(TableException.class, () -> tables.replay(change));

    assertEquals(
        "accounts: cannot replay update: the log expects [1, \"alice\", 7] but the table holds"
            + " [1, \"alice\", 1]",
        error.getMessage());
  }

  @Test
  void shouldRejectReplayOfAnUpdateThatChangesThePrimaryKey() {
    tables.replay(new RowChange.Inserted("accounts", new Object[] {1L, "alice", 1L}));
    var change =
        new RowChange.Updated(
            "accounts", new Object[] {1L, "alice", 1L}, new Object[] {2L, "alice", 1L});

    var error = assertThrows(TableException.class, () -> tables.replay(change));

    assertEquals(
        "accounts: cannot replay update: it changes the primary key from 1 to 2",
        error.getMessage());
  }

  @Test
  void shouldRejectReplayOfADeleteOfAMissingRow() {
    var change = new RowChange.Deleted("transfers", new Object[] {3, 1L, 1L});

    var error = assertThrows(TableException.class, () -> tables.replay(change));

    assertEquals(
        "transfers: cannot replay delete: no row with primary key id = 3", error.getMessage());
  }

  @Test
  void shouldDeleteOnReplay() {
    tables.replay(new RowChange.Inserted("transfers", new Object[] {3, 1L, 1L}));

    tables.replay(new RowChange.Deleted("transfers", new Object[] {3, 1L, 1L}));

    assertNull(tables.table("transfers").get(3));
    assertEquals(4L, tables.table("transfers").nextAutoIncrement());
  }

  @Test
  void shouldLeaveTheTableAsItWasAfterARejectedUpdateThatChangesAnIndexedColumn() {
    tables.replay(new RowChange.Inserted("accounts", new Object[] {1L, "alice", 1L}));
    tables.replay(new RowChange.Inserted("accounts", new Object[] {2L, "bob", 2L}));
    var before = state(tables);
    var change =
        new RowChange.Updated(
            "accounts", new Object[] {1L, "alice", 7L}, new Object[] {1L, "carol", 8L});

    var error = assertThrows(TableException.class, () -> tables.replay(change));

    assertEquals(
        "accounts: cannot replay update: the log expects [1, \"alice\", 7] but the table holds"
            + " [1, \"alice\", 1]",
        error.getMessage());
    assertEquals(before, state(tables));
    assertArrayEquals(
        new Object[] {1L, "alice", 1L}, tables.table("accounts").findUnique("owner", "alice"));
    assertNull(tables.table("accounts").findUnique("owner", "carol"));
  }

  @Test
  void shouldReportTheDifferingOldRowBeforeAUniqueViolationOfTheNewOne() {
    tables.replay(new RowChange.Inserted("accounts", new Object[] {1L, "alice", 1L}));
    tables.replay(new RowChange.Inserted("accounts", new Object[] {2L, "bob", 2L}));
    var before = state(tables);
    var change =
        new RowChange.Updated(
            "accounts", new Object[] {1L, "alice", 7L}, new Object[] {1L, "bob", 8L});

    var error = assertThrows(TableException.class, () -> tables.replay(change));

    assertTrue(error.getMessage().contains("the log expects"), error.getMessage());
    assertEquals(before, state(tables));
  }

  @Test
  void shouldLeaveTheTableAsItWasAfterARejectedDeleteOfADifferentRow() {
    tables.replay(new RowChange.Inserted("accounts", new Object[] {1L, "alice", 1L}));
    var before = state(tables);
    var change = new RowChange.Deleted("accounts", new Object[] {1L, "alice", 9L});

    var error = assertThrows(TableException.class, () -> tables.replay(change));

    assertEquals(
        "accounts: cannot replay delete: the log expects [1, \"alice\", 9] but the table holds"
            + " [1, \"alice\", 1]",
        error.getMessage());
    assertEquals(before, state(tables));
    assertEquals(2L, tables.table("accounts").nextAutoIncrement());
  }

  private static byte[] account(long id, String owner, long balance) {
    return RowCodec.encodeRow(Bank.ACCOUNTS, new Object[] {id, owner, balance});
  }

  @Test
  void shouldReplayEncodedRowsAndFindThemByEveryIndex() {
    tables.replayInsert("accounts", account(1, "alice", 10));
    tables.replayInsert("accounts", account(2, "zoë", 20));

    tables.replayUpdate("accounts", account(1, "alice", 10), account(1, "alice", 11));
    tables.replayUpdate("accounts", account(1, "alice", 11), account(1, "carol", 11));
    tables.replayUpdate("accounts", account(2, "zoë", 20), account(2, "zoë", 5));

    var accounts = tables.table("accounts");
    assertArrayEquals(new Object[] {1L, "carol", 11L}, accounts.get(1L));
    assertArrayEquals(new Object[] {1L, "carol", 11L}, accounts.findUnique("owner", "carol"));
    assertNull(accounts.findUnique("owner", "alice"));
    assertArrayEquals(new Object[] {2L, "zoë", 5L}, accounts.findUnique("owner", "zoë"));
    assertEquals(List.of(), copy(accounts.findAll("balance", 20L)));
    assertEquals(1, copy(accounts.findAll("balance", 5L)).size());
    assertEquals(3L, accounts.nextAutoIncrement());
    tables.replayInsert("accounts", account(3, "alice", 1));
    tables.replayDelete("accounts", account(3, "alice", 1));
    assertNull(accounts.get(3L));
  }

  @Test
  void shouldRefuseALoggedRowThatIsNotARowOfTheTableAndChangeNothing() {
    tables.replayInsert("accounts", account(1, "alice", 10));
    var before = state(tables);
    var row = account(2, "bob", 1);
    var cut = Arrays.copyOf(row, row.length - 1);
    var longer = Arrays.copyOf(row, row.length + 1);
    var nonMinimal = new byte[row.length + 1];
    System.arraycopy(row, 0, nonMinimal, 0, 8);
    nonMinimal[8] = (byte) 0x83; // the length 3 as a two-byte varint: valid LEB128, not minimal
    nonMinimal[9] = 0;
    System.arraycopy(row, 9, nonMinimal, 10, row.length - 9);

    for (var bad : List.of(cut, longer, nonMinimal)) {
      var error = assertThrows(TableException.class, () -> tables.replayInsert("accounts", bad));
      assertTrue(error.getMessage().contains("accounts"), error.getMessage());
      var update =
          assertThrows(
              TableException.class,
              () -> tables.replayUpdate("accounts", account(1, "alice", 10), bad));
      assertTrue(update.getMessage().contains("accounts"), update.getMessage());
    }
    assertEquals(before, state(tables));
  }

  @Test
  void shouldRefuseANanThatIsNotTheCanonicalOne() {
    var schema =
        TableSchema.builder("points")
            .column("id", Type.i32())
            .column("x", Type.f64())
            .primaryKey("id")
            .build();
    var points = ModuleTables.create(ModuleSchema.builder("geo").table(schema).build());
    var row = RowCodec.encodeRow(schema, new Object[] {1, Double.NaN});
    points.replayInsert("points", row);
    var other = row.clone();
    other[0] = 2;
    other[4] = 1; // a NaN with another payload: decodes to NaN, but is not how NaN is written

    var error = assertThrows(TableException.class, () -> points.replayInsert("points", other));

    assertTrue(error.getMessage().contains("canonical"), error.getMessage());
    assertEquals(1L, points.table("points").size());
  }

  private static List<Object[]> copy(Iterable<Object[]> rows) {
    var copied = new ArrayList<Object[]>();
    rows.forEach(copied::add);
    return copied;
  }
}
