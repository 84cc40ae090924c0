package io.interstice.runtime.table;

import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.codec.RowEncodingException;
import io.interstice.sdk.schema.ModuleSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tables of one module, created empty from its schema, and the replay of logged changes onto
 * them. Deliberately mutable and not thread-safe: owned by the module's actor, like its tables.
 */
public final class ModuleTables {
  private final ModuleSchema schema;
  private final List<Table> tables;
  private final Map<String, Table> byName = new HashMap<>();

  private ModuleTables(ModuleSchema schema) {
    this.schema = schema;
    var created = new ArrayList<Table>();
    for (var tableSchema : schema.tables()) {
      var table = Table.create(tableSchema);
      created.add(table);
      byName.put(tableSchema.name(), table);
    }
    this.tables = List.copyOf(created);
  }

  /** Empty tables for a valid module schema. */
  public static ModuleTables create(ModuleSchema schema) {
    return new ModuleTables(schema);
  }

  /**
   * New tables for {@code next}, a valid schema of a new version of this module, holding the rows
   * of {@code old} carried over: the mechanical part of an upgrade, before its upgrade reducer
   * runs.
   *
   * <ul>
   *   <li>A table of {@code next} whose name and persistence (logged or ephemeral) are those of a
   *       table of {@code old} receives its rows, each converted column by name: a column of the
   *       same name and type is copied; any other column (added, or retyped) gets its default value
   *       or, without one, the zero value of its type ({@link
   *       io.interstice.sdk.value.Values#zero}). Indexes are built anew, and an auto-increment
   *       counter keeps its value (at least the largest key plus one).
   *   <li>Every other table of {@code next} is empty; tables of {@code old} that {@code next} does
   *       not have are left behind.
   * </ul>
   *
   * <p>{@code old} is not changed (the new tables hold their own copies of the rows), so it can be
   * kept to fall back to if the upgrade fails. The result depends only on the logged state of
   * {@code old} and on {@code next}: tables are visited in schema order and rows in primary key
   * order, nothing depends on hash order, and ephemeral rows are never carried into logged tables.
   * Replaying an upgrade from the log therefore rebuilds the same logged tables.
   *
   * @throws TableException naming the module, the row, the table and the index or key, when a
   *     carried-over row breaks a constraint of {@code next} (a new unique index that two rows
   *     share a value of, a primary key two converted rows share); {@code old} is unchanged
   */
  public static ModuleTables migrate(ModuleTables old, ModuleSchema next) {
    return TableMigration.migrate(old, next);
  }

  public ModuleSchema schema() {
    return schema;
  }

  /**
   * The table with this name.
   *
   * @throws TableException naming the module when it has no such table
   */
  public Table table(String name) {
    var table = byName.get(name);
    if (table == null) {
      throw new TableException("module " + schema.name() + " has no table named " + name);
    }
    return table;
  }

  /** Every table, in schema order. */
  public List<Table> tables() {
    return tables;
  }

  /**
   * Applies a logged change exactly: an insert stores the row as logged (advancing the
   * auto-increment counter), an update replaces the row with its key, a delete removes it.
   *
   * @throws TableException when the change does not fit the current state (the row to insert
   *     exists, or the row to update or delete is missing or differs from the logged old row): the
   *     log and the state disagree
   */
  public void replay(RowChange change) {
    var table = table(change.table());
    if (change instanceof RowChange.Inserted inserted) {
      replayInsert(change.table(), encode(table, inserted.row()));
    } else if (change instanceof RowChange.Updated updated) {
      replayUpdate(
          change.table(), encode(table, updated.oldRow()), encode(table, updated.newRow()));
    } else {
      replayDelete(change.table(), encode(table, ((RowChange.Deleted) change).row()));
    }
  }

  /**
   * Applies a logged insert of a row in the table's canonical encoding, stored as it is: checked to
   * be a well-formed row, never decoded (see {@link Table#putEncoded}).
   *
   * @throws TableException as {@link #replay} does
   */
  public void replayInsert(String tableName, byte[] row) {
    var table = table(tableName);
    try {
      table.putEncoded(row);
    } catch (ConstraintViolationException e) {
      throw new TableException(
          "cannot replay insert of "
              + ValueText.row(table.decodeEncoded(row))
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Applies a logged update of encoded rows: the stored row must be {@code oldRow} byte for byte
   * (the encoding is canonical, so equal values have equal bytes), and is replaced by {@code
   * newRow} without decoding either.
   *
   * @throws TableException as {@link #replay} does; the table is unchanged
   */
  public void replayUpdate(String tableName, byte[] oldRow, byte[] newRow) {
    var table = table(tableName);
    Object[] found;
    try {
      found = table.replaceEncoded(oldRow, newRow);
    } catch (NoSuchRowException e) {
      throw e;
    } catch (ConstraintViolationException e) {
      throw new TableException("cannot replay update: " + e.getMessage(), e);
    }
    if (found != null) {
      throw differs(table, "update", table.decodeEncoded(oldRow), found);
    }
  }

  /**
   * Applies a logged delete of an encoded row, which must be stored byte for byte.
   *
   * @throws TableException as {@link #replay} does; the table is unchanged
   */
  public void replayDelete(String tableName, byte[] row) {
    var table = table(tableName);
    var found = table.removeEncoded(row);
    if (found != null) {
      throw differs(table, "delete", table.decodeEncoded(row), found);
    }
  }

  private static byte[] encode(Table table, Object[] row) {
    try {
      return RowCodec.encodeRow(table.schema(), row);
    } catch (RowEncodingException e) {
      throw new TableException(e.getMessage(), e);
    }
  }

  private static TableException differs(
      Table table, String change, Object[] logged, Object[] stored) {
    return new TableException(
        table.schema().name()
            + ": cannot replay "
            + change
            + ": the log expects "
            + ValueText.row(logged)
            + " but the table holds "
            + ValueText.row(stored));
  }
}
