package io.interstice.sdk.schema;

import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.ValueTypeException;
import io.interstice.sdk.value.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A table: its columns in order, the primary key (a column position, {@link #NO_PRIMARY_KEY} until
 * set), whether the key is generated on insert, the secondary indexes, whether changes are logged
 * and who may see it. A row of the table is an {@code Object[]} of column values in column order.
 * Build one with {@link #builder(String)}; the canonical constructor accepts anything so that
 * {@link ModuleSchema#validate()} can report every problem at once.
 */
public record TableSchema(
    String name,
    List<ColumnSchema> columns,
    int primaryKey,
    boolean autoIncrement,
    List<IndexSchema> indexes,
    Persistence persistence,
    Visibility visibility) {

  /** The value of {@link #primaryKey()} for a table without one (which validation refuses). */
  public static final int NO_PRIMARY_KEY = -1;

  public TableSchema {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    indexes = List.copyOf(indexes);
    Objects.requireNonNull(persistence, "persistence");
    Objects.requireNonNull(visibility, "visibility");
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The position of the column with this name, or -1. */
  public int columnIndex(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(column)) {
        return i;
      }
    }
    return -1;
  }

  public Optional<IndexSchema> index(String indexName) {
    return indexes.stream().filter(index -> index.name().equals(indexName)).findFirst();
  }

  /** The column types in column order: the types of a row. */
  public List<Type> columnTypes() {
    var types = new ArrayList<Type>(columns.size());
    for (var column : columns) {
      types.add(column.type());
    }
    return List.copyOf(types);
  }

  public ColumnSchema primaryKeyColumn() {
    return columns.get(primaryKey);
  }

  /**
   * Checks that {@code row} has one valid value per column.
   *
   * @throws ValueTypeException naming the table and column, e.g. {@code accounts.balance: expected
   *     i64, found String "x"}
   */
  public void checkRow(Object[] row) {
    if (row.length != columns.size()) {
      throw new ValueTypeException(
          name, columns.size() + " columns", "a row of " + row.length + " values");
    }
    for (int i = 0; i < row.length; i++) {
      var column = columns.get(i);
      Values.check(column.type(), row[i], name + "." + column.name());
    }
  }

  /**
   * Builds a {@link TableSchema} by column names; defaults: no primary key, not auto-increment,
   * {@code LOGGED}, {@code PUBLIC}. Not thread-safe.
   */
  public static final class Builder {
    private final String name;
    private final List<ColumnSchema> columns = new ArrayList<>();
    private final List<PendingIndex> indexes = new ArrayList<>();
    private String primaryKey;
    private boolean autoIncrement;
    private Persistence persistence = Persistence.LOGGED;
    private Visibility visibility = Visibility.PUBLIC;

    private record PendingIndex(
        String name, List<String> columns, IndexKind kind, boolean unique) {}

    private Builder(String name) {
      this.name = name;
    }

    public Builder column(String column, Type type) {
      columns.add(ColumnSchema.of(column, type));
      return this;
    }

    public Builder column(String column, Type type, Object defaultValue) {
      columns.add(new ColumnSchema(column, type, defaultValue));
      return this;
    }

    public Builder primaryKey(String column) {
      this.primaryKey = column;
      return this;
    }

    /** Makes the primary key generated on insert (it must be an i32 or i64 column). */
    public Builder autoIncrement() {
      this.autoIncrement = true;
      return this;
    }

    public Builder index(String indexName, IndexKind kind, String... indexColumns) {
      indexes.add(new PendingIndex(indexName, List.of(indexColumns), kind, false));
      return this;
    }

    public Builder uniqueIndex(String indexName, IndexKind kind, String... indexColumns) {
      indexes.add(new PendingIndex(indexName, List.of(indexColumns), kind, true));
      return this;
    }

    public Builder persistence(Persistence persistence) {
      this.persistence = persistence;
      return this;
    }

    public Builder visibility(Visibility visibility) {
      this.visibility = visibility;
      return this;
    }

    /**
     * @throws SchemaValidationException when the primary key or an index names a column that was
     *     not added
     */
    public TableSchema build() {
      var problems = new ArrayList<String>();
      int key = primaryKey == null ? NO_PRIMARY_KEY : resolve(primaryKey, "primary key", problems);
      var built = new ArrayList<IndexSchema>();
      for (var index : indexes) {
        var positions = new ArrayList<Integer>();
        for (var column : index.columns()) {
          positions.add(resolve(column, "index " + index.name(), problems));
        }
        built.add(new IndexSchema(index.name(), positions, index.kind(), index.unique()));
      }
      if (!problems.isEmpty()) {
        throw new SchemaValidationException("table " + name, problems);
      }
      return new TableSchema(name, columns, key, autoIncrement, built, persistence, visibility);
    }

    private int resolve(String column, String user, List<String> problems) {
      for (int i = 0; i < columns.size(); i++) {
        if (columns.get(i).name().equals(column)) {
          return i;
        }
      }
      problems.add(user + " refers to unknown column " + column);
      return -1;
    }
  }
}
