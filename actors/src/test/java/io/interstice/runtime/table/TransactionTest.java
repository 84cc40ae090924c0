package io.interstice.runtime.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionTest {
  private final ModuleTables tables = ModuleTables.create(Bank.SCHEMA);

  private List<TableState> state() {
    var state = new ArrayList<TableState>();
    state.add(TableState.of(tables.table("accounts"), new Object[] {9L, "zed", 0L}));
    state.add(TableState.of(tables.table("transfers"), new Object[] {9, 5L, 0L}));
    return state;
  }

  private void seed() {
    var seed = Transaction.begin(tables);
    seed.insert("accounts", new Object[] {0L, "alice", 100L});
    seed.insert("accounts", new Object[] {0L, "bob", 50L});
    seed.insert("accounts", new Object[] {0L, "carol", 50L});
    seed.insert("transfers", new Object[] {0, 1L, 10L});
    seed.commit();
  }

  @Test
  void shouldReadItsOwnWritesThroughEveryIndex() {
    seed();
    var transaction = Transaction.begin(tables);

    transaction.insert("accounts", new Object[] {0L, "dave", 7L});
    transaction.update("accounts", new Object[] {2L, "bobby", 7L});
    transaction.delete("accounts", 1L);

    var accounts = transaction.tables().table("accounts");
    assertEquals(4L, accounts.findUnique("owner", "dave")[0]);
    assertNull(accounts.findUnique("owner", "bob"));
    assertNull(accounts.get(1L));
    assertEquals(
        List.of(List.of(2L, "bobby", 7L), List.of(4L, "dave", 7L)),
        TableState.rows(accounts.findAll("balance", 7L)));
  }

  @Test
  void shouldRecordChangesInOrderAndReturnThemOnCommit() {
    seed();
    var transaction = Transaction.begin(tables);

    var inserted = transaction.insert("accounts", new Object[] {0L, "dave", 7L});
    var updated = transaction.update("accounts", new Object[] {2L, "bob", 60L});
    assertTrue(transaction.delete("transfers", 1));
    assertFalse(transaction.delete("transfers", 99));
    var changes = transaction.commit();

    assertArrayEquals(new Object[] {4L, "dave", 7L}, inserted);
    assertArrayEquals(new Object[] {2L, "bob", 60L}, updated);
    assertEquals(
        List.of(
            new RowChange.Inserted("accounts", new Object[] {4L, "dave", 7L}),
            new RowChange.Updated(
                "accounts", new Object[] {2L, "bob", 50L}, new Object[] {2L, "bob", 60L}),
            new RowChange.Deleted("transfers", new Object[] {1, 1L, 10L})),
        changes);
    assertArrayEquals(new Object[] {2L, "bob", 60L}, tables.table("accounts").get(2L));
  }

  @Test
  void shouldRestoreEverythingOnRollbackAfterMixedChanges() {
    seed();
    var before = state();
    var transaction = Transaction.begin(tables);

    transaction.insert("accounts", new Object[] {0L, "dave", 7L});
    transaction.update("accounts", new Object[] {1L, "alice", 0L});
    transaction.update("accounts", new Object[] {1L, "alicia", 5L});
    transaction.delete("accounts", 2L);
    transaction.insert("accounts", new Object[] {0L, "bob", 50L});
    transaction.update("accounts", new Object[] {3L, "bob2", 1L});
    transaction.delete("accounts", 4L);
    transaction.insert("transfers", new Object[] {0, 5L, 1L});
    transaction.insert("transfers", new Object[] {0, 5L, 2L});
    transaction.delete("transfers", 1);
    transaction.rollback();

    assertEquals(before, state());
    assertEquals(4L, tables.table("accounts").nextAutoIncrement());
    assertEquals(2L, tables.table("transfers").nextAutoIncrement());
  }

  @Test
  void shouldRollBackAfterAConstraintViolation() {
    seed();
    var before = state();
    var transaction = Transaction.begin(tables);
    transaction.insert("accounts", new Object[] {0L, "dave", 7L});
    transaction.delete("accounts", 1L);

    assertThrows(
        ConstraintViolationException.class,
        () -> transaction.insert("accounts", new Object[] {0L, "bob", 1L}));
    assertEquals(2, transaction.changes().size());
    transaction.rollback();

    assertEquals(before, state());
  }

  @Test
  void shouldRejectUseAfterCommit() {
    var transaction = Transaction.begin(tables);
    transaction.commit();

    assertThrows(
        IllegalStateException.class,
        () -> transaction.insert("accounts", new Object[] {0L, "a", 1L}));
    assertThrows(IllegalStateException.class, transaction::commit);
    assertThrows(IllegalStateException.class, transaction::rollback);
    assertThrows(IllegalStateException.class, transaction::changes);
  }

  @Test
  void shouldRejectUseAfterRollback() {
    var transaction = Transaction.begin(tables);
    transaction.rollback();

    assertThrows(IllegalStateException.class, () -> transaction.delete("accounts", 1L));
    assertThrows(IllegalStateException.class, transaction::tables);
  }
}
