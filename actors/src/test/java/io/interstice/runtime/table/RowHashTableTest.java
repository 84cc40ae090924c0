package io.interstice.runtime.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;
import java.util.HashMap;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowHashTableTest {
  private static final TableSchema WORDS =
      TableSchema.builder("words")
          .column("id", Type.i64())
          .column("word", Type.string())
          .primaryKey("id")
          .uniqueIndex("word", IndexKind.HASH, "word")
          .build();
  private static final RowFormat FORMAT = RowFormat.of(WORDS);
  private static final IndexKey KEY = IndexKey.of(WORDS, WORDS.indexes().get(0), FORMAT);

  private final RowHashTable table = new RowHashTable(KEY);

  private static byte[] row(long id, String word) {
    return FORMAT.encode(new Object[] {id, word});
  }

  @Test
  void shouldAgreeWithAHashMapThroughGrowthRemovalsAndShrinking() {
    var random = new Random(11);
    var reference = new HashMap<String, byte[]>();
    for (int step = 0; step < 80_000; step++) {
      var word = "w" + random.nextInt(step < 40_000 ? 20_000 : 2_000);
      int slot = table.find(row(0, word));
      assertEquals(reference.containsKey(word), slot >= 0, "step " + step + ": " + word);
      // Grows at first, then removals dominate and the table shrinks back.
      boolean remove = random.nextInt(100) < (step < 40_000 ? 30 : 80);
      if (remove && slot >= 0) {
        assertSame(reference.remove(word), table.at(slot));
        table.removeAt(slot);
      } else if (!remove && slot < 0) {
        var stored = row(step, word);
        reference.put(word, stored);
        table.add(stored);
      }
    }
    assertEquals(reference.size(), table.size());
    reference.forEach(
        (word, stored) ->
            assertSame(stored, table.at(table.find(KEY.parts(word, false))), "word " + word));
    for (int i = 0; i < 20_000; i++) {
      var word = "w" + i;
      assertEquals(reference.containsKey(word), table.find(KEY.parts(word, false)) >= 0, word);
    }
    assertTrue(table.size() > 100, "rows left: " + table.size());
  }

  @Test
  void shouldReplaceAnEntryInItsSlot() {
    table.add(row(1, "alpha"));
    var replacement = row(1, "alpha");

    table.set(table.find(replacement), replacement);

    assertSame(replacement, table.at(table.find(KEY.parts("alpha", false))));
    assertEquals(1, table.size());
  }
}
