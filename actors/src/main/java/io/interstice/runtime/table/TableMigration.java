package io.interstice.runtime.table;

import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Values;
import java.util.Iterator;

/**
 * Carries the rows of a module's tables over to the tables of a new version of its schema: the
 * mechanical part of an upgrade, described at {@link ModuleTables#migrate}. Stateless; reads the
 * old tables and writes only the new ones, which nobody else sees until it returns.
 */
final class TableMigration {
  private TableMigration() {}

  static ModuleTables migrate(ModuleTables old, ModuleSchema next) {
    var migrated = ModuleTables.create(next);
    for (var table : migrated.tables()) {
      var schema = table.schema();
      var source = old.schema().table(schema.name());
      if (source.isPresent() && source.get().persistence() == schema.persistence()) {
        carry(old.table(schema.name()), table, next);
      }
    }
    return migrated;
  }

  private static void carry(Table from, Table to, ModuleSchema next) {
    var layout = RowLayout.between(from.schema(), to.schema());
    for (Iterator<Object[]> rows = from.scan(); rows.hasNext(); ) {
      var row = layout.convert(rows.next());
      try {
        to.put(row);
      } catch (ConstraintViolationException e) {
        throw new TableException(
            "cannot upgrade module "
                + next.name()
                + " to version "
                + next.version()
                + ": the carried-over row "
                + ValueText.row(row)
                + " breaks a constraint: "
                + e.getMessage(),
            e);
      }
    }
    if (to.schema().autoIncrement()) {
      // Keeps keys of deleted rows unused, as they would have stayed without the upgrade.
      to.nextAutoIncrement(Math.max(to.nextAutoIncrement(), from.nextAutoIncrement()));
    }
  }

  /**
   * Where each column of a new row comes from: the old column of the same name and type, or a fixed
   * fill value (the column's default, else the zero value of its type). Fill values are immutable,
   * so one instance serves every row.
   */
  private static final class RowLayout {
    private final int[] sources;
    private final Object[] fills;
    private final boolean identical;

    private RowLayout(int[] sources, Object[] fills, boolean identical) {
      this.sources = sources;
      this.fills = fills;
      this.identical = identical;
    }

    static RowLayout between(TableSchema from, TableSchema to) {
      var columns = to.columns();
      var sources = new int[columns.size()];
      var fills = new Object[columns.size()];
      boolean identical = columns.size() == from.columns().size();
      for (int i = 0; i < sources.length; i++) {
        var column = columns.get(i);
        int source = from.columnIndex(column.name());
        if (source >= 0 && !from.columns().get(source).type().equals(column.type())) {
          source = -1;
        }
        sources[i] = source;
        if (source < 0) {
          fills[i] = column.hasDefault() ? column.defaultValue() : Values.zero(column.type());
        }
        identical &= source == i;
      }
      return new RowLayout(sources, fills, identical);
    }

    /** The row in the new layout; rows are never mutated, so an unchanged layout returns it. */
    Object[] convert(Object[] row) {
      if (identical) {
        return row;
      }
      var converted = new Object[sources.length];
      for (int i = 0; i < sources.length; i++) {
        converted[i] = sources[i] < 0 ? fills[i] : row[sources[i]];
      }
      return converted;
    }
  }
}
