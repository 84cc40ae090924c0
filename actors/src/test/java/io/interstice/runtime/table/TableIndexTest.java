package io.interstice.runtime.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TableIndexTest {
  private static final Bytes RED = Bytes.of(new byte[] {1});
  private static final Bytes BLUE = Bytes.of(new byte[] {2});

  /** One index of every kind: unique or not, btree or hash, one or two columns, over options. */
  private static final TableSchema PEOPLE =
      TableSchema.builder("people")
          .column("id", Type.i64())
          .column("name", Type.string())
          .column("city", Type.string())
          .column("age", Type.i32())
          .column("email", Type.option(Type.string()))
          .column("nick", Type.option(Type.string()))
          .column("tag", Type.bytes())
          .primaryKey("id")
          .uniqueIndex("name", IndexKind.BTREE, "name")
          .uniqueIndex("email", IndexKind.HASH, "email")
          .uniqueIndex("age_tag", IndexKind.BTREE, "age", "tag")
          .uniqueIndex("city_name", IndexKind.HASH, "city", "name")
          .index("city", IndexKind.HASH, "city")
          .index("nick", IndexKind.BTREE, "nick")
          .index("city_age", IndexKind.BTREE, "city", "age")
          .index("age_nick", IndexKind.HASH, "age", "nick")
          .build();

  private final Table people = Table.create(PEOPLE);

  private static Object[] person(
      long id, String name, String city, int age, String email, String nick, Bytes tag) {
    return new Object[] {id, name, city, age, email, nick, tag};
  }

  private static List<Object> ids(Iterable<Object[]> rows) {
    var ids = new ArrayList<Object>();
    rows.forEach(row -> ids.add(row[0]));
    return ids;
  }

  private void insertSample() {
    people.insert(person(5, "eve", "oslo", 30, "e@x", null, RED));
    people.insert(person(2, "bob", "rome", 25, null, "bobby", RED));
    people.insert(person(9, "ann", "oslo", 25, "a@x", "annie", BLUE));
    people.insert(person(1, "dan", "oslo", 30, "d@x", null, BLUE));
    people.insert(person(7, "cat", "rome", 40, "c@x", "bobby", BLUE));
  }

  @Test
  void shouldFindUniqueRowsInBtreeAndHashIndexes() {
    insertSample();

    assertEquals(9L, people.findUnique("name", "ann")[0]);
    assertEquals(1L, people.findUnique("email", "d@x")[0]);
    assertEquals(2L, people.findUnique("email", null)[0]);
    assertEquals(7L, people.findUnique("age_tag", List.of(40, BLUE))[0]);
    assertEquals(5L, people.findUnique("city_name", List.of("oslo", "eve"))[0]);
    assertNull(people.findUnique("name", "zed"));
    assertNull(people.findUnique("city_name", List.of("rome", "eve")));
  }

  @Test
  void shouldFindAllRowsOfAKeyInPrimaryKeyOrder() {
    insertSample();

    assertEquals(List.of(1L, 5L, 9L), ids(people.findAll("city", "oslo")));
    assertEquals(List.of(2L, 7L), ids(people.findAll("nick", "bobby")));
    assertEquals(List.of(1L, 5L), ids(people.findAll("city_age", List.of("oslo", 30))));
    assertEquals(List.of(1L, 5L), ids(people.findAll("age_nick", Arrays.asList(30, null))));
    assertEquals(List.of(9L), ids(people.findAll("name", "ann")));
    assertEquals(List.of(), ids(people.findAll("city", "paris")));
  }

  @Test
  void shouldIndexNoneAsAKeyOfOptionColumns() {
    insertSample();

    assertEquals(List.of(1L, 5L), ids(people.findAll("nick", null)));
    assertEquals(List.of(1L, 5L, 9L), ids(people.range("nick", null, "b")));
    var error =
        assertThrows(
            ConstraintViolationException.class,
            () -> people.insert(person(3, "fay", "oslo", 50, null, null, RED)));
    assertEquals(
        "people: unique index email already holds none (row with id = 2)", error.getMessage());
  }

  @Test
  void shouldRangeOverABtreeIndexIncludingFromAndExcludingTo() {
    for (long id = 1; id <= 9; id++) {
      people.insert(person(id, "n" + id, "oslo", (int) (10 - id), "e" + id, null, RED));
    }

    assertEquals(List.of("n3", "n4", "n5"), names(people.range("name", "n3", "n6")));
    assertEquals(List.of("n1", "n2"), names(people.range("name", null, "n3")));
    assertEquals(List.of("n8", "n9"), names(people.range("name", "n8", null)));
    assertEquals(9, names(people.range("name", null, null)).size());
    assertEquals(List.of("n3", "n4"), names(people.range("name", "n2a", "n4a")));
    assertEquals(List.of(), names(people.range("name", "n5", "n5")));
    assertEquals(List.of(), names(people.range("name", "n6", "n3")));
    assertEquals(List.of(), names(people.range("name", "z", null)));
  }

  @Test
  void shouldRangeOverATwoColumnIndexInKeyThenPrimaryKeyOrder() {
    insertSample();
    people.insert(person(3, "fay", "paris", 20, "f@x", null, RED));

    assertEquals(
        List.of(9L, 1L, 5L, 3L, 2L, 7L), ids(people.range("city_age", List.of("oslo", 0), null)));
    assertEquals(
        List.of(9L, 1L, 5L), ids(people.range("city_age", List.of("oslo"), List.of("paris"))));
    assertEquals(List.of(9L), ids(people.range("city_age", List.of("oslo"), List.of("oslo", 30))));
    assertEquals(
        List.of(1L, 5L, 3L), ids(people.range("city_age", List.of("oslo", 30), List.of("q"))));
  }

  @Test
  void shouldRejectAMalformedMultiColumnKey() {
    var notAList = assertThrows(TableException.class, () -> people.findAll("city_age", "oslo"));
    var prefix =
        assertThrows(TableException.class, () -> people.findAll("city_age", List.of("oslo")));

    assertEquals(
        "people: index city_age has 2 columns, its key must be a List of 2 values, found String"
            + " \"oslo\"",
        notAList.getMessage());
    assertTrue(prefix.getMessage().startsWith("people: index city_age has 2 columns"));
  }

  @Test
  void shouldMoveAnUpdatedRowInEveryIndex() {
    insertSample();

    people.update(person(5, "eva", "rome", 41, "eva@x", "bobby", BLUE));

    assertNull(people.findUnique("name", "eve"));
    assertEquals(5L, people.findUnique("name", "eva")[0]);
    assertNull(people.findUnique("email", "e@x"));
    assertEquals(5L, people.findUnique("email", "eva@x")[0]);
    assertNull(people.findUnique("age_tag", List.of(30, RED)));
    assertEquals(5L, people.findUnique("age_tag", List.of(41, BLUE))[0]);
    assertEquals(5L, people.findUnique("city_name", List.of("rome", "eva"))[0]);
    assertEquals(List.of(1L, 9L), ids(people.findAll("city", "oslo")));
    assertEquals(List.of(2L, 5L, 7L), ids(people.findAll("city", "rome")));
    assertEquals(List.of(2L, 5L, 7L), ids(people.findAll("nick", "bobby")));
    assertEquals(List.of(1L), ids(people.findAll("nick", null)));
    assertEquals(List.of(2L, 7L, 5L), ids(people.range("city_age", List.of("rome"), null)));
    assertEquals(List.of(5L), ids(people.findAll("age_nick", List.of(41, "bobby"))));
  }

  @Test
  void shouldReplaceAnUpdatedRowWhoseIndexedValuesStayTheSame() {
    insertSample();
    var updated = person(5, "eve", "oslo", 30, "e@x", null, RED);

    people.update(updated);

    assertArrayEquals(updated, people.findUnique("name", "eve"));
    assertArrayEquals(updated, people.findUnique("city_name", List.of("oslo", "eve")));
    assertTrue(containsEqual(people.findAll("city", "oslo"), updated));
    assertTrue(containsEqual(people.findAll("nick", null), updated));
    assertTrue(containsEqual(people.findAll("age_nick", Arrays.asList(30, null)), updated));
    assertTrue(containsEqual(people.range("city_age", null, null), updated));
  }

  @Test
  void shouldRemoveADeletedRowFromEveryIndex() {
    insertSample();

    people.delete(1L);

    assertNull(people.findUnique("name", "dan"));
    assertNull(people.findUnique("email", "d@x"));
    assertNull(people.findUnique("age_tag", List.of(30, BLUE)));
    assertNull(people.findUnique("city_name", List.of("oslo", "dan")));
    assertEquals(List.of(5L, 9L), ids(people.findAll("city", "oslo")));
    assertEquals(List.of(5L), ids(people.findAll("nick", null)));
    assertEquals(List.of(5L), ids(people.findAll("city_age", List.of("oslo", 30))));
    assertEquals(List.of(5L), ids(people.findAll("age_nick", Arrays.asList(30, null))));
  }

  @Test
  void shouldLeaveEveryIndexUnchangedWhenAUniqueValueIsTaken() {
    insertSample();
    var attempts =
        List.of(
            person(3, "ann", "x", 1, "z", null, RED),
            person(3, "zed", "x", 1, "a@x", null, RED),
            person(3, "zed", "x", 25, "z", null, BLUE),
            person(3, "ann", "oslo", 1, "z", null, RED),
            person(9, "ann", "oslo", 25, "a@x", "annie", BLUE));
    for (var attempt : attempts) {
      var before = TableState.of(people, attempt);

      assertThrows(ConstraintViolationException.class, () -> people.insert(attempt));

      assertEquals(before, TableState.of(people, attempt));
    }
    var updates =
        List.of(
            person(1, "ann", "x", 1, "z", null, RED),
            person(1, "zed", "x", 1, "a@x", null, RED),
            person(1, "zed", "x", 25, "z", null, BLUE),
            person(1, "eve", "x", 1, "z", null, RED),
            person(4, "zed", "x", 1, "z", null, RED));
    for (var attempt : updates) {
      var before = TableState.of(people, attempt);

      assertThrows(ConstraintViolationException.class, () -> people.update(attempt));

      assertEquals(before, TableState.of(people, attempt));
    }
  }

  @Test
  void shouldKeepLargeHashBucketsInPrimaryKeyOrder() {
    var ids = new ArrayList<Long>();
    for (long id = 0; id < 3_000; id++) {
      ids.add(id);
    }
    Collections.shuffle(ids, new Random(11));
    for (long id : ids) {
      people.insert(
          person(id, "n" + id, id % 3 == 0 ? "oslo" : "rome", (int) id, "e" + id, null, RED));
    }
    for (long id = 0; id < 3_000; id += 2) {
      people.delete(id);
    }

    var expected = new ArrayList<Object>();
    for (long id = 3; id < 3_000; id += 6) {
      expected.add(id);
    }
    assertEquals(expected, ids(people.findAll("city", "oslo")));
    assertEquals(expected, ids(people.range("city_age", List.of("oslo"), List.of("oslp"))));
    assertEquals(1_500, ids(people.findAll("nick", null)).size());
  }

  private static boolean containsEqual(Iterable<Object[]> rows, Object[] row) {
    for (var stored : rows) {
      if (Arrays.equals(stored, row)) {
        return true;
      }
    }
    return false;
  }

  private static List<Object> names(Iterable<Object[]> rows) {
    var names = new ArrayList<Object>();
    rows.forEach(row -> names.add(row[1]));
    return names;
  }
}
