package io.interstice.runtime.table;

import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.IndexSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything observable about a table: its rows in scan order, its auto-increment counter and the
 * answer of every index to the keys of its rows and of some probe rows. Two equal states cannot be
 * told apart through the table's API.
 */
record TableState(List<List<Object>> rows, long nextAutoIncrement, Map<String, Object> lookups) {

  static TableState of(Table table, Object[]... probes) {
    var rows = rows(table.scan());
    var keysFrom = new ArrayList<Object[]>();
    table.scan().forEachRemaining(keysFrom::add);
    keysFrom.addAll(Arrays.asList(probes));
    var lookups = new LinkedHashMap<String, Object>();
    for (var index : table.schema().indexes()) {
      for (var row : keysFrom) {
        var key = keyOf(index, row);
        lookups.put(
            index.name() + " all " + key, rows(table.findAll(index.name(), key).iterator()));
        if (index.unique()) {
          var found = table.findUnique(index.name(), key);
          lookups.put(index.name() + " unique " + key, found == null ? null : Arrays.asList(found));
        }
      }
      if (index.kind() == IndexKind.BTREE) {
        lookups.put(
            index.name() + " range", rows(table.range(index.name(), null, null).iterator()));
      }
    }
    return new TableState(rows, table.nextAutoIncrement(), lookups);
  }

  /** The key of {@code row} in {@code index}: the value, or a list of values. */
  static Object keyOf(IndexSchema index, Object[] row) {
    if (index.columns().size() == 1) {
      return row[index.columns().get(0)];
    }
    var values = new ArrayList<Object>();
    for (int column : index.columns()) {
      values.add(row[column]);
    }
    return values;
  }

  static List<List<Object>> rows(Iterator<Object[]> rows) {
    var copy = new ArrayList<List<Object>>();
    rows.forEachRemaining(row -> copy.add(Arrays.asList(row)));
    return copy;
  }

  static List<List<Object>> rows(Iterable<Object[]> rows) {
    return rows(rows.iterator());
  }
}
