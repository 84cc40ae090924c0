package io.interstice.runtime.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.IndexSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random operations on a {@link Table} and a {@link ReferenceTable}, which must always agree. */
class TableModelTest {
  private static final Double[] RATIOS = {-0.0, 0.0, Double.NaN, 1.5, -1.5};

  private static final TableSchema ITEMS =
      TableSchema.builder("items")
          .column("id", Type.i64())
          .column("name", Type.string())
          .column("email", Type.option(Type.string()))
          .column("region", Type.string())
          .column("score", Type.i32())
          .column("tag", Type.bytes())
          .column("nick", Type.option(Type.i32()))
          .column("ratio", Type.f64())
          .primaryKey("id")
          .uniqueIndex("name", IndexKind.BTREE, "name")
          .uniqueIndex("email", IndexKind.HASH, "email")
          .uniqueIndex("region_tag", IndexKind.BTREE, "region", "tag")
          .uniqueIndex("score_email", IndexKind.HASH, "score", "email")
          .index("region", IndexKind.HASH, "region")
          .index("score", IndexKind.BTREE, "score")
          .index("region_score", IndexKind.BTREE, "region", "score")
          .index("nick", IndexKind.BTREE, "nick")
          .index("ratio", IndexKind.HASH, "ratio")
          .index("ratio_order", IndexKind.BTREE, "ratio")
          .index("region_nick", IndexKind.HASH, "region", "nick")
          .build();

  private final Random random = new Random(20240611);
  private final Table table = Table.create(ITEMS);
  private final ReferenceTable reference = new ReferenceTable(ITEMS);
  private int accepted;
  private int refused;

  @Test
  void shouldAgreeWithTheReferenceModelOverRandomOperations() {
    for (int step = 0; step < 20_000; step++) {
      int choice = random.nextInt(100);
      if (choice < 35) {
        checkInsert(randomRow(randomId()));
      } else if (choice < 60) {
        checkUpdate();
      } else if (choice < 75) {
        long id = randomId();
        assertArrayEquals(reference.delete(id), table.delete(id), "delete " + id);
      } else if (choice < 80) {
        long id = randomId();
        assertArrayEquals(reference.get(id), table.get(id), "get " + id);
      } else {
        checkLookup(ITEMS.indexes().get(random.nextInt(ITEMS.indexes().size())));
      }
      if (step % 500 == 0) {
        assertScansAgree();
      }
    }
    assertScansAgree();
    // Both outcomes of writes must be common, or the comparison proves little.
    assertTrue(accepted > 3_000, "accepted writes: " + accepted);
    assertTrue(refused > 1_000, "refused writes: " + refused);
  }

  private void checkInsert(Object[] row) {
    if (reference.insert(row)) {
      accepted++;
      assertArrayEquals(row, table.insert(row));
    } else {
      refused++;
      assertThrows(ConstraintViolationException.class, () -> table.insert(row));
    }
  }

  private void checkUpdate() {
    var existing = reference.scan();
    long id =
        existing.isEmpty() || random.nextInt(5) == 0
            ? randomId()
            : (Long) existing.get(random.nextInt(existing.size()))[0];
    var row = randomRow(id);
    var current = reference.get(id);
    if (current != null && random.nextBoolean()) {
      // Keep most columns so that updates also move rows between equal keys.
      row = current.clone();
      int column = 1 + random.nextInt(row.length - 1);
      row[column] = randomRow(id)[column];
    }
    var old = reference.update(row);
    var attempt = row;
    if (old != null) {
      accepted++;
      assertArrayEquals(old, table.update(attempt));
    } else {
      refused++;
      assertThrows(ConstraintViolationException.class, () -> table.update(attempt));
    }
  }

  private void checkLookup(IndexSchema index) {
    var parts = keyParts(index, randomRow(0));
    Object key = parts.length == 1 ? parts[0] : Arrays.asList(parts);
    var expected = reference.findAll(index, parts);
    assertRowsEqual(expected, table.findAll(index.name(), key), "findAll " + index.name() + key);
    if (index.unique()) {
      assertArrayEquals(
          expected.isEmpty() ? null : expected.get(0),
          table.findUnique(index.name(), key),
          "findUnique " + index.name() + " " + key);
    }
    if (index.kind() == IndexKind.BTREE) {
      var from = randomBound(index);
      var to = randomBound(index);
      assertRowsEqual(
          reference.range(index, from, to),
          table.range(index.name(), asKey(index, from), asKey(index, to)),
          "range " + index.name() + " " + Arrays.toString(from) + " " + Arrays.toString(to));
    }
  }

  private Object[] randomBound(IndexSchema index) {
    if (random.nextInt(4) == 0) {
      return null;
    }
    var parts = keyParts(index, randomRow(0));
    if (parts.length == 1 && parts[0] == null) {
      // A null bound of a one-column index means unbounded, even over an option column.
      return null;
    }
    return Arrays.copyOf(parts, 1 + random.nextInt(parts.length));
  }

  private static Object asKey(IndexSchema index, Object[] parts) {
    if (parts == null) {
      return null;
    }
    return index.columns().size() == 1 ? parts[0] : Arrays.asList(parts);
  }

  private void assertScansAgree() {
    var actual = new ArrayList<Object[]>();
    table.scan().forEachRemaining(actual::add);
    assertRowsEqual(reference.scan(), actual, "scan");
    assertEquals(reference.scan().size(), table.size());
  }

  private static void assertRowsEqual(
      List<Object[]> expected, Iterable<Object[]> actual, String what) {
    var found = new ArrayList<Object[]>();
    actual.forEach(found::add);
    assertEquals(expected.size(), found.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), found.get(i), what + " at " + i);
    }
  }

  private static Object[] keyParts(IndexSchema index, Object[] row) {
    var parts = new Object[index.columns().size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = row[index.columns().get(i)];
    }
    return parts;
  }

  private long randomId() {
    return random.nextInt(300);
  }

  private Object[] randomRow(long id) {
    return new Object[] {
      id,
      "n" + random.nextInt(400),
      random.nextInt(10) == 0 ? null : "e" + random.nextInt(400),
      "r" + random.nextInt(5),
      random.nextInt(50),
      Bytes.of(new byte[] {(byte) random.nextInt(256)}),
      random.nextInt(3) == 0 ? null : random.nextInt(10),
      RATIOS[random.nextInt(RATIOS.length)]
    };
  }
}
