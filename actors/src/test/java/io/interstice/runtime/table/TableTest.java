package io.interstice.runtime.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.ConcurrentModificationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {
  private static final TableSchema COUNTERS =
      TableSchema.builder("counters")
          .column("id", Type.i32())
          .column("value", Type.i64())
          .primaryKey("id")
          .autoIncrement()
          .build();

  private static Table accounts() {
    return Table.create(Bank.ACCOUNTS);
  }

  private static Table keyedBy(Type type) {
    return Table.create(TableSchema.builder("keyed").column("key", type).primaryKey("key").build());
  }

  @Test
  void shouldGenerateI64KeysFromOneAndReturnTheStoredRow() {
    var table = accounts();

    var first = table.insert(new Object[] {0L, "alice", 10L});
    var second = table.insert(new Object[] {99L, "bob", 20L});

    assertArrayEquals(new Object[] {1L, "alice", 10L}, first);
    assertArrayEquals(new Object[] {2L, "bob", 20L}, second);
    assertArrayEquals(second, table.get(2L));
    assertEquals(3L, table.nextAutoIncrement());
    assertEquals(2, table.size());
  }

  @Test
  void shouldGenerateI32KeysAsIntegers() {
    var table = Table.create(COUNTERS);

    var row = table.insert(new Object[] {0, 7L});

    assertEquals(Integer.valueOf(1), row[0]);
    assertArrayEquals(row, table.get(1));
  }

  @Test
  void shouldNotChangeTheRowPassedToAnAutoIncrementInsert() {
    var row = new Object[] {0L, "alice", 10L};

    accounts().insert(row);

    assertArrayEquals(new Object[] {0L, "alice", 10L}, row);
  }

  @Test
  void shouldAdvanceTheCounterPastAKeyGivenToPut() {
    var table = accounts();

    table.put(new Object[] {41L, "alice", 10L});
    table.put(new Object[] {7L, "bob", 10L});

    assertEquals(42L, table.nextAutoIncrement());
    assertArrayEquals(
        new Object[] {42L, "carol", 1L}, table.insert(new Object[] {0L, "carol", 1L}));
  }

  @Test
  void shouldRefuseToGenerateAnI32KeyBeyondTheLargestInteger() {
    var table = Table.create(COUNTERS);
    table.nextAutoIncrement(Integer.MAX_VALUE);
    table.insert(new Object[] {0, 1L});

    var error = assertThrows(TableException.class, () -> table.insert(new Object[] {0, 2L}));

    assertEquals(
        "counters: auto-increment key id is exhausted (next value 2147483648 exceeds 2147483647)",
        error.getMessage());
    assertEquals(1, table.size());
  }

  @Test
  void shouldSaturateTheI64CounterWhenPutStoresTheLargestKey() {
    var table = accounts();

    table.put(new Object[] {Long.MAX_VALUE, "alice", 1L});

    assertEquals(Long.MAX_VALUE, table.nextAutoIncrement());
    assertThrows(TableException.class, () -> table.insert(new Object[] {0L, "bob", 1L}));
  }

  @Test
  void shouldStoreTheGivenRowWithoutAutoIncrement() {
    var table = keyedBy(Type.string());
    var row = new Object[] {"k"};

    assertArrayEquals(row, table.insert(row));
    assertArrayEquals(row, table.get("k"));
    assertEquals(1L, table.nextAutoIncrement());
  }

  @Test
  void shouldRejectDuplicatePrimaryKey() {
    var table = accounts();
    table.put(new Object[] {5L, "alice", 10L});
    var attempt = new Object[] {5L, "bob", 1L};
    var before = TableState.of(table, attempt);

    var error = assertThrows(ConstraintViolationException.class, () -> table.put(attempt));

    assertEquals("accounts: primary key id = 5 is already taken", error.getMessage());
    assertEquals(before, TableState.of(table, attempt));
  }

  @Test
  void shouldRejectDuplicateUniqueValueWithoutUsingUpAKey() {
    var table = accounts();
    table.insert(new Object[] {0L, "alice", 10L});
    table.insert(new Object[] {0L, "bob", 10L});
    var attempt = new Object[] {0L, "alice", 30L};
    var before = TableState.of(table, attempt);

    var error = assertThrows(ConstraintViolationException.class, () -> table.insert(attempt));

    assertEquals(
        "accounts: unique index owner already holds \"alice\" (row with id = 1)",
        error.getMessage());
    assertEquals(before, TableState.of(table, attempt));
    assertEquals(3L, table.nextAutoIncrement());
  }

  @Test
  void shouldReplaceTheRowAndReturnTheOldOneOnUpdate() {
    var table = accounts();
    var old = table.insert(new Object[] {0L, "alice", 10L});
    var updated = new Object[] {1L, "alice", 99L};

    assertArrayEquals(old, table.update(updated));

    assertArrayEquals(updated, table.get(1L));
    assertEquals(1, table.size());
  }

  @Test
  void shouldRejectUpdateOfAMissingRow() {
    var table = accounts();
    table.insert(new Object[] {0L, "alice", 10L});
    var before = TableState.of(table);

    var error =
        assertThrows(
            ConstraintViolationException.class, () -> table.update(new Object[] {9L, "bob", 1L}));

    assertEquals("accounts: no row with primary key id = 9 to update", error.getMessage());
    assertEquals(before, TableState.of(table));
  }

  @Test
  void shouldRejectUpdateTakingAnotherRowsUniqueValue() {
    var table = accounts();
    table.insert(new Object[] {0L, "alice", 10L});
    table.insert(new Object[] {0L, "bob", 20L});
    var attempt = new Object[] {2L, "alice", 20L};
    var before = TableState.of(table, attempt);

    var error = assertThrows(ConstraintViolationException.class, () -> table.update(attempt));

    assertEquals(
        "accounts: unique index owner already holds \"alice\" (row with id = 1)",
        error.getMessage());
    assertEquals(before, TableState.of(table, attempt));
  }

  @Test
  void shouldAllowUpdateKeepingItsOwnUniqueValue() {
    var table = accounts();
    table.insert(new Object[] {0L, "alice", 10L});
    var updated = new Object[] {1L, "alice", 11L};

    table.update(updated);

    assertArrayEquals(updated, table.findUnique("owner", "alice"));
    assertEquals(
        List.of(List.of(1L, "alice", 11L)), TableState.rows(table.findAll("balance", 11L)));
    assertEquals(List.of(), TableState.rows(table.findAll("balance", 10L)));
  }

  @Test
  void shouldMoveAnUpdatedValueInTheIndex() {
    var table = accounts();
    table.insert(new Object[] {0L, "alice", 10L});
    table.insert(new Object[] {0L, "bob", 10L});

    table.update(new Object[] {1L, "carol", 10L});

    assertNull(table.findUnique("owner", "alice"));
    assertEquals(1L, table.findUnique("owner", "carol")[0]);
    assertEquals(
        List.of(List.of(2L, "bob", 10L), List.of(1L, "carol", 10L)),
        TableState.rows(table.range("owner", null, null)));
  }

  @Test
  void shouldDeleteAndReturnTheOldRow() {
    var table = accounts();
    var alice = table.insert(new Object[] {0L, "alice", 10L});
    table.insert(new Object[] {0L, "bob", 10L});

    assertArrayEquals(alice, table.delete(1L));

    assertNull(table.get(1L));
    assertNull(table.findUnique("owner", "alice"));
    assertEquals(List.of(List.of(2L, "bob", 10L)), TableState.rows(table.findAll("balance", 10L)));
    assertEquals(1, table.size());
  }

  @Test
  void shouldReturnNullWhenDeletingAMissingRow() {
    var table = accounts();
    table.insert(new Object[] {0L, "alice", 10L});

    assertNull(table.delete(2L));
    assertEquals(1, table.size());
  }

  @Test
  void shouldScanI64KeysInNumericOrder() {
    var table = keyedBy(Type.i64());
    for (long key : new long[] {5, -3, Long.MAX_VALUE, 0, Long.MIN_VALUE, 42}) {
      table.insert(new Object[] {key});
    }

    assertEquals(
        List.of(
            List.of(Long.MIN_VALUE),
            List.of(-3L),
            List.of(0L),
            List.of(5L),
            List.of(42L),
            List.of(Long.MAX_VALUE)),
        TableState.rows(table.scan()));
  }

  @Test
  void shouldScanStringKeysInCodePointOrder() {
    var table = keyedBy(Type.string());
    for (var key : new String[] {"b", "\uFFFD", "a", "😀", "", "ab"}) {
      table.insert(new Object[] {key});
    }

    assertEquals(
        List.of(
            List.of(""),
            List.of("a"),
            List.of("ab"),
            List.of("b"),
            List.of("\uFFFD"),
            List.of("😀")),
        TableState.rows(table.scan()));
  }

  @Test
  void shouldScanBytesKeysInUnsignedOrder() {
    var table = keyedBy(Type.bytes());
    var high = Bytes.of(new byte[] {(byte) 0x80});
    var low = Bytes.of(new byte[] {0x7f});
    var longer = Bytes.of(new byte[] {0x7f, 0});
    for (var key : new Bytes[] {high, longer, Bytes.empty(), low}) {
      table.insert(new Object[] {key});
    }

    assertEquals(
        List.of(List.of(Bytes.empty()), List.of(low), List.of(longer), List.of(high)),
        TableState.rows(table.scan()));
  }

  @Test
  void shouldScanManyRowsInsertedInRandomOrder() {
    var table = keyedBy(Type.i64());
    var keys = new ArrayList<Long>();
    for (long key = 0; key < 5_000; key++) {
      keys.add(key * 3);
    }
    java.util.Collections.shuffle(keys, new java.util.Random(7));
    keys.forEach(key -> table.insert(new Object[] {key}));
    for (long key = 0; key < 5_000; key += 2) {
      table.delete(key * 3);
    }

    var scanned = new ArrayList<Object>();
    table.scan().forEachRemaining(row -> scanned.add(row[0]));
    var expected = new ArrayList<Object>();
    for (long key = 1; key < 5_000; key += 2) {
      expected.add(key * 3);
    }
    assertEquals(expected, scanned);
    assertNull(table.get(6L));
    assertArrayEquals(new Object[] {9L}, table.get(9L));
  }

  @Test
  void shouldFailAScanWhenTheTableChangesUnderIt() {
    var table = accounts();
    table.insert(new Object[] {0L, "alice", 10L});
    table.insert(new Object[] {0L, "bob", 10L});
    var scan = table.scan();
    scan.next();

    table.delete(2L);

    assertThrows(ConcurrentModificationException.class, scan::hasNext);
  }

  @Test
  void shouldRejectAnUnknownIndex() {
    var error = assertThrows(TableException.class, () -> accounts().findAll("nope", 1L));

    assertEquals("accounts: no index named nope", error.getMessage());
  }

  @Test
  void shouldRejectARangeOverAHashIndex() {
    var error = assertThrows(TableException.class, () -> accounts().range("balance", 1L, 2L));

    assertEquals(
        "accounts: index balance is a hash index and cannot answer a range", error.getMessage());
  }

  @Test
  void shouldRejectFindUniqueOnANonUniqueIndex() {
    var error = assertThrows(TableException.class, () -> accounts().findUnique("balance", 1L));

    assertEquals(
        "accounts: index balance is not unique and cannot answer findUnique", error.getMessage());
  }

  @Test
  void shouldReturnNullForAMissingKey() {
    var table = accounts();
    table.insert(new Object[] {0L, "alice", 10L});

    assertNull(table.get(2L));
    assertNull(table.findUnique("owner", "bob"));
    assertEquals(
        List.of(), Arrays.asList(TableState.rows(table.findAll("balance", 11L)).toArray()));
  }
}
