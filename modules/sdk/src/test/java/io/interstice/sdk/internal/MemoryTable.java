package io.interstice.sdk.internal;

import io.interstice.sdk.ModuleDefinitionException;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.TableHandle;
import io.interstice.sdk.value.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A tiny in-memory {@link TableHandle} over a {@link JavaTable}, standing in for the runtime's
 * table store in tests: primary key order, auto-increment, unique checks by scanning.
 */
final class MemoryTable<T extends Record> implements TableHandle<T> {
  private final JavaTable<T> table;
  private final TreeMap<Object, Object[]> rows;
  private long nextKey = 1;

  MemoryTable(JavaTable<T> table) {
    this.table = table;
    this.rows = new TreeMap<>(Values.comparator(table.schema().primaryKeyColumn().type()));
  }

  @Override
  public T insert(T record) {
    var row = table.mapper().toRow(record);
    int key = table.schema().primaryKey();
    if (table.schema().autoIncrement()) {
      row[key] = row[key] instanceof Integer ? (Object) (int) nextKey++ : (Object) nextKey++;
    }
    if (rows.containsKey(row[key])) {
      throw new ReducerException("duplicate key " + row[key]);
    }
    checkUnique(row);
    rows.put(row[key], row);
    return table.mapper().fromRow(row);
  }

  @Override
  public T update(T record) {
    var row = table.mapper().toRow(record);
    var key = row[table.schema().primaryKey()];
    if (!rows.containsKey(key)) {
      throw new ReducerException("no row with key " + key);
    }
    rows.put(key, row);
    return table.mapper().fromRow(row);
  }

  @Override
  public boolean delete(Object primaryKey) {
    return rows.remove(keyValue(primaryKey)) != null;
  }

  @Override
  public Optional<T> get(Object primaryKey) {
    return Optional.ofNullable(rows.get(keyValue(primaryKey))).map(table.mapper()::fromRow);
  }

  @Override
  public Stream<T> scan() {
    return rows.values().stream().map(table.mapper()::fromRow);
  }

  @Override
  public long count() {
    return rows.size();
  }

  @Override
  public Optional<T> findUnique(String index, Object value) {
    return findAll(index, value).stream().findFirst();
  }

  @Override
  public List<T> findAll(String index, Object value) {
    int column = column(index);
    var wanted = table.mapper().toValue(column, value);
    var type = table.schema().columns().get(column).type();
    var found = new ArrayList<T>();
    for (var row : rows.values()) {
      if (Values.compare(type, row[column], wanted) == 0) {
        found.add(table.mapper().fromRow(row));
      }
    }
    return found;
  }

  @Override
  public Iterable<T> range(String index, Object fromInclusive, Object toExclusive) {
    throw new UnsupportedOperationException("not needed by the tests");
  }

  private Object keyValue(Object primaryKey) {
    return table.mapper().toValue(table.schema().primaryKey(), primaryKey);
  }

  private int column(String index) {
    var schema =
        table
            .schema()
            .index(index)
            .orElseThrow(() -> new ModuleDefinitionException("no index " + index));
    return schema.columns().get(0);
  }

  private void checkUnique(Object[] row) {
    for (var index : table.schema().indexes()) {
      int column = index.columns().get(0);
      var type = table.schema().columns().get(column).type();
      for (var other : rows.values()) {
        if (index.unique() && Values.compare(type, other[column], row[column]) == 0) {
          throw new ReducerException("duplicate " + index.name() + " " + row[column]);
        }
      }
    }
  }
}
