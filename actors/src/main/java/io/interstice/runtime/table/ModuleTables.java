package io.interstice.runtime.table;

import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.value.Values;
import java.util.ArrayList;
import java.util.Arrays;
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
      replayInsert(table, inserted.row());
    } else if (change instanceof RowChange.Updated updated) {
      replayUpdate(table, updated.oldRow(), updated.newRow());
    } else {
      var row = ((RowChange.Deleted) change).row();
      requireStored(table, row, "delete");
      table.delete(row[table.schema().primaryKey()]);
    }
  }

  private static void replayInsert(Table table, Object[] row) {
    try {
      table.put(row);
    } catch (ConstraintViolationException e) {
      throw new TableException(
          "cannot replay insert of " + ValueText.row(row) + ": " + e.getMessage(), e);
    }
  }

  private static void replayUpdate(Table table, Object[] oldRow, Object[] newRow) {
    requireStored(table, oldRow, "update");
    var schema = table.schema();
    int key = schema.primaryKey();
    var keyType = schema.primaryKeyColumn().type();
    if (Values.compare(keyType, oldRow[key], newRow[key]) != 0) {
      throw new TableException(
          schema.name()
              + ": cannot replay update: it changes the primary key from "
              + ValueText.of(oldRow[key])
              + " to "
              + ValueText.of(newRow[key]));
    }
    try {
      table.update(newRow);
    } catch (ConstraintViolationException e) {
      throw new TableException("cannot replay update: " + e.getMessage(), e);
    }
  }

  private static void requireStored(Table table, Object[] row, String change) {
    var schema = table.schema();
    var key = row[schema.primaryKey()];
    var stored = table.get(key);
    if (stored == null) {
      throw new TableException(
          schema.name()
              + ": cannot replay "
              + change
              + ": no row with primary key "
              + schema.primaryKeyColumn().name()
              + " = "
              + ValueText.of(key));
    }
    if (!Arrays.equals(stored, row)) {
      throw new TableException(
          schema.name()
              + ": cannot replay "
              + change
              + ": the log expects "
              + ValueText.row(row)
              + " but the table holds "
              + ValueText.row(stored));
    }
  }
}
