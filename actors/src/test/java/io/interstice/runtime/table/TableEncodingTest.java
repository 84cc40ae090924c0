package io.interstice.runtime.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.EnumType;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows stored encoded: every value type survives, keys order and match as their values do. */
class TableEncodingTest {
  private static final EnumType LEVEL = Type.enumOf("low", "mid", "high");
  private static final Type POINT =
      Type.struct(Type.field("x", Type.f64()), Type.field("y", Type.option(Type.i32())));

  /** Every value type, and indexed columns behind variable-width ones. */
  private static final TableSchema THINGS =
      TableSchema.builder("things")
          .column("name", Type.string())
          .column("tags", Type.list(Type.string()))
          .column("flag", Type.bool())
          .column("small", Type.i32())
          .column("big", Type.i64())
          .column("ratio", Type.f32())
          .column("weight", Type.f64())
          .column("blob", Type.bytes())
          .column("maybe", Type.option(Type.i64()))
          .column("where", POINT)
          .column("level", LEVEL)
          .column("code", Type.string())
          .primaryKey("name")
          .uniqueIndex("code", IndexKind.HASH, "code")
          .uniqueIndex("code_ordered", IndexKind.BTREE, "code")
          .index("weight", IndexKind.BTREE, "weight")
          .index("level_maybe", IndexKind.HASH, "level", "maybe")
          .index("where", IndexKind.BTREE, "where")
          .build();

  private static final List<String> NAMES =
      List.of("", "A", "a", "ab", "é", "\ud7ff", "\ue000", "\uffff", "😀", "日本", "z".repeat(300));
  private static final List<Double> WEIGHTS =
      List.of(
          Double.NEGATIVE_INFINITY,
          -2.5,
          -0.0,
          0.0,
          1e-300,
          7.0,
          Double.POSITIVE_INFINITY,
          Double.NaN);

  private final Table things = Table.create(THINGS);

  private static Object[] thing(int i) {
    return new Object[] {
      NAMES.get(i % NAMES.size()),
      i % 3 == 0 ? List.of() : List.of("t" + i, "ü".repeat(i)),
      i % 2 == 0,
      -i * 1_000_003,
      (long) i * -7_000_000_000L,
      i % 4 == 0 ? Float.NaN : -0.0f,
      WEIGHTS.get(i % WEIGHTS.size()),
      Bytes.of(new byte[] {(byte) -i, (byte) i}),
      i % 2 == 0 ? null : (long) -i,
      StructValue.of(-1.5 * i, i % 3 == 0 ? null : i),
      LEVEL.value(i % 3),
      "code-" + "x".repeat(i * 20) + i
    };
  }

  private void insertAll() {
    for (int i = 0; i < NAMES.size(); i++) {
      things.insert(thing(i));
    }
  }

  @Test
  void shouldReturnEveryValueTypeAsItWasStored() {
    insertAll();

    for (int i = 0; i < NAMES.size(); i++) {
      assertArrayEquals(thing(i), things.get(NAMES.get(i)), "row " + i);
      assertArrayEquals(thing(i), things.findUnique("code", thing(i)[11]), "by code " + i);
    }
    assertNull(things.get("absent"));
  }

  @Test
  void shouldScanInPrimaryKeyOrderOfCodePoints() {
    insertAll();
    var expected = new ArrayList<>(NAMES);
    expected.sort((a, b) -> Values.compare(Type.string(), a, b));

    var found = new ArrayList<Object>();
    things.scan().forEachRemaining(row -> found.add(row[0]));

    assertEquals(expected, found);
    var after = new ArrayList<Object>();
    things.scanAfter("\ud7ff").forEachRemaining(row -> after.add(row[0]));
    assertEquals(List.of("\ue000", "\uffff", "😀"), after);
  }

  @Test
  void shouldRangeOverFloatsInValuesCompareOrder() {
    insertAll();

    var weights = new ArrayList<Object>();
    things.range("weight", null, null).forEach(row -> weights.add(row[6]));
    var positive = new ArrayList<Object>();
    things.range("weight", 0.0, Double.NaN).forEach(row -> positive.add(row[6]));

    var expected = new ArrayList<Object>();
    for (int i = 0; i < NAMES.size(); i++) {
      expected.add(thing(i)[6]);
    }
    expected.sort((a, b) -> Values.compare(Type.f64(), a, b));
    assertEquals(expected, weights);
    // -0.0 sorts before the bound 0.0, NaN last: neither is in [0.0, NaN).
    assertEquals(List.of(0.0, 1e-300, 7.0, Double.POSITIVE_INFINITY), positive);
  }

  @Test
  void shouldFindByColumnsBehindVariableWidthColumnsAfterTheyChangeLength() {
    insertAll();
    var changed = thing(4);
    changed[1] = List.of("a much longer list of tags", "and one more", "ü".repeat(100));
    changed[11] = "renamed";

    things.update(changed);

    assertArrayEquals(changed, things.findUnique("code", "renamed"));
    assertArrayEquals(changed, things.findUnique("code_ordered", "renamed"));
    assertNull(things.findUnique("code", thing(4)[11]));
    var midWithout = new ArrayList<Object>();
    things
        .findAll("level_maybe", Arrays.asList(LEVEL.value(1), null))
        .forEach(row -> midWithout.add(row[0]));
    var midMinusSeven = new ArrayList<Object>();
    things
        .findAll("level_maybe", List.of(LEVEL.value(1), -7L))
        .forEach(row -> midMinusSeven.add(row[0]));
    // Rows 4 and 10 share the key (mid, none), in primary key order: "zzz…" before "é".
    assertEquals(List.of(NAMES.get(10), NAMES.get(4)), midWithout);
    assertEquals(List.of(NAMES.get(7)), midMinusSeven);
  }

  @Test
  void shouldOrderStructKeysByTheirFields() {
    insertAll();

    var xs = new ArrayList<Object>();
    things.range("where", StructValue.of(-9.0, null), null).forEach(row -> xs.add(row[9]));

    assertEquals(
        List.of(
            StructValue.of(-9.0, null),
            StructValue.of(-7.5, 5),
            StructValue.of(-6.0, 4),
            StructValue.of(-4.5, null),
            StructValue.of(-3.0, 2),
            StructValue.of(-1.5, 1),
            StructValue.of(-0.0, null)),
        xs);
  }

  @Test
  void shouldRefuseValuesOfTheWrongTypeAndChangeNothing() {
    insertAll();
    var wrong = thing(20);
    wrong[4] = 5;

    var insert = assertThrows(TableException.class, () -> things.insert(wrong));
    var get = assertThrows(TableException.class, () -> things.get(42L));
    var lookup = assertThrows(TableException.class, () -> things.findUnique("code", 3));

    assertEquals(
        "cannot encode row of table things at offset 58, column big: expected i64, found Integer 5",
        insert.getMessage());
    assertEquals("things: 42 is not a value of column name (string)", get.getMessage());
    assertEquals("things: 3 is not a value of column code (string)", lookup.getMessage());
    assertEquals(NAMES.size(), things.size());
  }

  @Test
  void shouldHandOutFreshRowsThatCallersMayChange() {
    insertAll();

    var first = things.get("a");
    first[2] = null;
    var second = things.get("a");

    assertNotSame(first, second);
    assertArrayEquals(thing(2), second);
  }
}
