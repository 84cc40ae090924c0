package io.interstice.runtime.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SortedRowsTest {
  private static final Comparator<byte[]> BY_FIRST = Comparator.comparingLong(row -> key(row));

  private final SortedRows rows = new SortedRows(BY_FIRST);

  private static RowProbe probe(long key) {
    return row -> Long.compare(key, key(row));
  }

  /** A row of one i64 key, as the table encodes it, followed by {@code rest}. */
  private static byte[] row(long key, int... rest) {
    var row = ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN).putLong(key);
    for (int b : rest) {
      row.put((byte) b);
    }
    return row.array();
  }

  private static long key(byte[] row) {
    return ByteBuffer.wrap(row).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
  }

  private List<Long> keys(Iterable<byte[]> source) {
    var keys = new ArrayList<Long>();
    source.forEach(row -> keys.add(key(row)));
    return keys;
  }

  @Test
  void shouldKeepRowsSortedThroughRandomAddsAndRemovesAcrossManyChunks() {
    var random = new Random(3);
    var reference = new TreeSet<Long>();
    for (int step = 0; step < 60_000; step++) {
      long key = random.nextInt(20_000);
      // Removal is rarer at first so that the rows outgrow many chunks, then dominates.
      boolean remove = random.nextInt(100) < (step < 30_000 ? 30 : 70);
      if (remove && reference.remove(key)) {
        rows.remove(row(key));
      } else if (!remove && reference.add(key)) {
        rows.add(row(key));
      }
      if (step % 5_000 == 0) {
        assertEquals(new ArrayList<>(reference), keys(rows));
      }
    }
    assertEquals(new ArrayList<>(reference), keys(rows));
    assertEquals(reference.size(), rows.size());
    for (long key = 0; key < 20_000; key += 7) {
      var found = rows.find(probe(key));
      assertEquals(reference.contains(key), found != null, "key " + key);
    }
  }

  @Test
  void shouldMergeSparseChunksAfterMostRowsAreRemoved() {
    var random = new Random(5);
    var reference = new TreeSet<Long>();
    for (long key = 0; key < 40_000; key++) {
      rows.add(row(key));
      reference.add(key);
    }
    for (int removal = 0; removal < 38_000; removal++) {
      long key = random.nextInt(40_000);
      if (reference.remove(key)) {
        rows.remove(row(key));
      }
    }

    assertEquals(new ArrayList<>(reference), keys(rows));
    int pairCapacity = SortedRows.MAX_CHUNK / 2;
    assertTrue(
        rows.chunkCount() <= 2 * reference.size() / pairCapacity + 1,
        rows.chunkCount() + " chunks for " + reference.size() + " rows");
  }

  @Test
  void shouldIterateFromTheFirstRowNotBeforeTheProbe() {
    for (long key = 0; key < 3_000; key += 2) {
      rows.add(row(key));
    }

    var from = keys(rows.from(probe(1_023), row -> key(row) < 1_030));
    var beyond = keys(rows.from(probe(5_000), row -> true));

    assertEquals(List.of(1_024L, 1_026L, 1_028L), from);
    assertEquals(List.of(), beyond);
  }

  @Test
  void shouldKeepOrderWhenRowsArriveInDescendingOrder() {
    for (long key = 5_000; key > 0; key--) {
      rows.add(row(key));
    }

    var keys = keys(rows);
    assertEquals(5_000, keys.size());
    assertEquals(1L, keys.get(0));
    assertEquals(5_000L, keys.get(4_999));
  }

  @Test
  void shouldReplaceARowInPlace() {
    for (long key = 0; key < 1_000; key++) {
      rows.add(row(key, 0));
    }
    var replacement = row(600, 1);

    rows.replace(row(600), replacement);

    assertSame(replacement, rows.find(probe(600)));
    assertEquals(1_000, rows.size());
  }

  @Test
  void shouldBecomeEmptyAfterRemovingEveryRow() {
    for (long key = 0; key < 2_000; key++) {
      rows.add(row(key));
    }
    for (long key = 0; key < 2_000; key++) {
      rows.remove(row(key));
    }

    assertEquals(0, rows.size());
    assertEquals(List.of(), keys(rows));
    assertNull(rows.find(probe(5)));
  }
}
