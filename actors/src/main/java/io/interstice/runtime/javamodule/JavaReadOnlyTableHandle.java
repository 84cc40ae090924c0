package io.interstice.runtime.javamodule;

import io.interstice.runtime.table.ModuleTables;
import io.interstice.runtime.table.Table;
import io.interstice.sdk.ModuleDefinitionException;
import io.interstice.sdk.ReadOnlyTableHandle;
import io.interstice.sdk.internal.JavaTable;
import io.interstice.sdk.internal.RecordMapper;
import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.IndexSchema;
import io.interstice.sdk.schema.TableSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Read access to one table for Java module code, in records of the table's type. Keys and index
 * values given as Java values are turned into values once per call; rows become records through the
 * table's {@link RecordMapper}, which does no reflection. Lookups and ranges read the table's own
 * structures without copying them. Confined to the call's thread.
 *
 * @param <T> the table's record type
 */
class JavaReadOnlyTableHandle<T extends Record> implements ReadOnlyTableHandle<T> {
  final TableSchema schema;
  final RecordMapper<T> mapper;
  final Table table;

  JavaReadOnlyTableHandle(JavaTable<T> javaTable, ModuleTables tables) {
    this.schema = javaTable.schema();
    this.mapper = javaTable.mapper();
    this.table = tables.table(schema.name());
  }

  @Override
  public Optional<T> get(Object primaryKey) {
    var row = table.get(primaryKeyValue(primaryKey));
    return row == null ? Optional.empty() : Optional.of(mapper.fromRow(row));
  }

  @Override
  public Stream<T> scan() {
    var rows =
        Spliterators.spliteratorUnknownSize(
            table.scan(), Spliterator.ORDERED | Spliterator.NONNULL);
    return StreamSupport.stream(rows, false).map(mapper::fromRow);
  }

  @Override
  public long count() {
    return table.size();
  }

  @Override
  public Optional<T> findUnique(String index, Object value) {
    var indexSchema = index(index);
    if (!indexSchema.unique()) {
      throw new ModuleDefinitionException(
          schema.name() + ": index " + index + " is not unique; use findAll");
    }
    var row = table.findUnique(index, indexKey(indexSchema, value));
    return row == null ? Optional.empty() : Optional.of(mapper.fromRow(row));
  }

  @Override
  public List<T> findAll(String index, Object value) {
    var indexSchema = index(index);
    var records = new ArrayList<T>();
    for (var row : table.findAll(index, indexKey(indexSchema, value))) {
      records.add(mapper.fromRow(row));
    }
    return records;
  }

  @Override
  public Iterable<T> range(String index, Object fromInclusive, Object toExclusive) {
    var indexSchema = index(index);
    if (indexSchema.kind() != IndexKind.BTREE) {
      throw new ModuleDefinitionException(
          schema.name() + ": index " + index + " is a hash index; ranges need a btree index");
    }
    var from = fromInclusive == null ? null : indexKey(indexSchema, fromInclusive);
    var to = toExclusive == null ? null : indexKey(indexSchema, toExclusive);
    var rows = table.range(index, from, to);
    return () -> mapped(rows.iterator());
  }

  final Object primaryKeyValue(Object javaKey) {
    return value(schema.primaryKey(), javaKey, "primary key");
  }

  private IndexSchema index(String name) {
    return schema
        .index(name)
        .orElseThrow(
            () -> new ModuleDefinitionException(schema.name() + " has no index named " + name));
  }

  /** A one-column index is keyed by the value itself, a wider one by the list of its values. */
  private Object indexKey(IndexSchema index, Object javaValue) {
    var columns = index.columns();
    if (columns.size() == 1) {
      return value(columns.get(0), javaValue, "index " + index.name());
    }
    if (!(javaValue instanceof List<?> parts) || parts.size() != columns.size()) {
      throw new IllegalArgumentException(
          schema.name()
              + ": index "
              + index.name()
              + " spans "
              + columns.size()
              + " columns; give a List of "
              + columns.size()
              + " values");
    }
    var key = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      key.add(value(columns.get(i), parts.get(i), "index " + index.name()));
    }
    return key;
  }

  private Object value(int column, Object javaValue, String what) {
    try {
      return mapper.toValue(column, javaValue);
    } catch (ClassCastException e) {
      throw new IllegalArgumentException(
          schema.name()
              + " "
              + what
              + ": column "
              + schema.columns().get(column).name()
              + " is "
              + schema.columns().get(column).type()
              + ", the value given is a "
              + javaValue.getClass().getName(),
          e);
    }
  }

  private Iterator<T> mapped(Iterator<Object[]> rows) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public T next() {
        return mapper.fromRow(rows.next());
      }
    };
  }
}
