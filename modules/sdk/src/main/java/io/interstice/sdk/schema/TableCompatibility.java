package io.interstice.sdk.schema;

import io.interstice.sdk.schema.SchemaChange.Kind;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The table part of {@link SchemaCompatibility}: the changes between two versions of one table.
 * Rows are carried over by primary key and columns by name, which is what makes a changed primary
 * key impossible and a moved column a rewrite of every row.
 */
final class TableCompatibility {
  private final TableSchema deployed;
  private final TableSchema next;
  private final String where;
  private final List<SchemaChange> changes;

  private TableCompatibility(TableSchema deployed, TableSchema next, List<SchemaChange> changes) {
    this.deployed = deployed;
    this.next = next;
    this.where = "table " + deployed.name();
    this.changes = changes;
  }

  /** Adds the changes from {@code deployed} to {@code next}, two versions of one table. */
  static void compare(TableSchema deployed, TableSchema next, List<SchemaChange> changes) {
    var comparison = new TableCompatibility(deployed, next, changes);
    if (deployed.visibility() != next.visibility()) {
      changes.add(
          SchemaCompatibility.visibilityChange(
              Kind.TABLE_VISIBILITY_CHANGED,
              comparison.where,
              deployed.visibility(),
              next.visibility()));
    }
    if (deployed.persistence() != next.persistence()) {
      // The table is created anew and empty: nothing else of it needs to fit.
      comparison.persistenceChanged();
      return;
    }
    comparison.comparePrimaryKey();
    comparison.compareColumns();
    comparison.compareIndexes();
  }

  private void persistenceChanged() {
    var message =
        where
            + ": persistence changed from "
            + SchemaCompatibility.lowerCase(deployed.persistence())
            + " to "
            + SchemaCompatibility.lowerCase(next.persistence())
            + ", it starts empty";
    changes.add(
        deployed.persistence() == Persistence.LOGGED
            ? SchemaChange.needsMigration(Kind.TABLE_PERSISTENCE_CHANGED, message)
            : SchemaChange.note(Kind.TABLE_PERSISTENCE_CHANGED, message));
  }

  private void comparePrimaryKey() {
    var key = deployed.primaryKeyColumn();
    var nextKey = next.primaryKeyColumn();
    if (!key.name().equals(nextKey.name())) {
      changes.add(
          SchemaChange.refused(
              Kind.PRIMARY_KEY_CHANGED,
              where + ": primary key changed from " + key.name() + " to " + nextKey.name()));
    } else if (!key.type().equals(nextKey.type())) {
      changes.add(
          SchemaChange.refused(
              Kind.PRIMARY_KEY_CHANGED,
              where
                  + ": primary key "
                  + key.name()
                  + " changed type from "
                  + key.type()
                  + " to "
                  + nextKey.type()));
    }
    if (deployed.autoIncrement() != next.autoIncrement()) {
      changes.add(
          SchemaChange.needsMigration(
              Kind.AUTO_INCREMENT_CHANGED,
              where
                  + ": auto-increment turned "
                  + (next.autoIncrement() ? "on" : "off")
                  + " for primary key "
                  + nextKey.name()));
    }
  }

  private void compareColumns() {
    for (var column : deployed.columns()) {
      int position = next.columnIndex(column.name());
      if (position < 0) {
        changes.add(
            SchemaChange.needsMigration(
                Kind.COLUMN_DROPPED, where + ": column " + column.name() + " dropped"));
      } else {
        compareKeptColumn(column, next.columns().get(position));
      }
    }
    var keptBefore = keptNames(deployed, next);
    var keptAfter = keptNames(next, deployed);
    if (!keptBefore.equals(keptAfter)) {
      changes.add(
          SchemaChange.needsMigration(
              Kind.COLUMNS_REORDERED,
              where
                  + ": columns reordered from ("
                  + String.join(", ", keptBefore)
                  + ") to ("
                  + String.join(", ", keptAfter)
                  + ")"));
    }
    for (int i = 0; i < next.columns().size(); i++) {
      var column = next.columns().get(i);
      if (deployed.columnIndex(column.name()) < 0) {
        changes.add(added(column, firstKeptAfter(i)));
      }
    }
  }

  private void compareKeptColumn(ColumnSchema column, ColumnSchema nextColumn) {
    boolean isKey = column.name().equals(deployed.primaryKeyColumn().name());
    if (!column.type().equals(nextColumn.type())) {
      if (!isKey) { // a retyped key is reported as a primary key change
        changes.add(
            SchemaChange.needsMigration(
                Kind.COLUMN_RETYPED,
                where
                    + ": column "
                    + column.name()
                    + " changed type from "
                    + column.type()
                    + " to "
                    + nextColumn.type()));
      }
    } else if (!Objects.equals(column.defaultValue(), nextColumn.defaultValue())) {
      changes.add(
          SchemaChange.info(
              Kind.COLUMN_DEFAULT_CHANGED,
              where
                  + ": column "
                  + column.name()
                  + " default changed from "
                  + defaultText(column)
                  + " to "
                  + defaultText(nextColumn)));
    }
  }

  private SchemaChange added(ColumnSchema column, String keptAfter) {
    var message = where + ": column " + column.name() + " " + column.type() + " added";
    if (keptAfter != null) {
      return SchemaChange.needsMigration(
          Kind.COLUMN_ADDED, message + " before existing column " + keptAfter);
    }
    if (!column.hasDefault() && column.type().kind() != Type.Kind.OPTION) {
      return SchemaChange.needsMigration(Kind.COLUMN_ADDED, message + " without a default value");
    }
    return SchemaChange.info(Kind.COLUMN_ADDED, message + ", default " + defaultText(column));
  }

  /** The name of the first kept column after {@code position} in {@code next}, or null. */
  private String firstKeptAfter(int position) {
    for (int i = position + 1; i < next.columns().size(); i++) {
      var name = next.columns().get(i).name();
      if (deployed.columnIndex(name) >= 0) {
        return name;
      }
    }
    return null;
  }

  /** The names of the columns of {@code table} that {@code other} has too, in table order. */
  private static List<String> keptNames(TableSchema table, TableSchema other) {
    var names = new ArrayList<String>();
    for (var column : table.columns()) {
      if (other.columnIndex(column.name()) >= 0) {
        names.add(column.name());
      }
    }
    return names;
  }

  private void compareIndexes() {
    for (var index : deployed.indexes()) {
      var kept = next.index(index.name());
      var what = where + ": index " + index.name();
      if (kept.isEmpty()) {
        changes.add(SchemaChange.info(Kind.INDEX_DROPPED, what + " dropped"));
      } else {
        var before = describe(deployed, index);
        var after = describe(next, kept.get());
        if (!before.equals(after)) {
          changes.add(
              SchemaChange.info(
                  Kind.INDEX_CHANGED, what + " changed from " + before + " to " + after));
        }
      }
    }
    for (var index : next.indexes()) {
      if (deployed.index(index.name()).isEmpty()) {
        changes.add(
            SchemaChange.info(
                Kind.INDEX_ADDED,
                where + ": index " + index.name() + " added, " + describe(next, index)));
      }
    }
  }

  /** An index by the names of its columns, as positions shift when columns move. */
  private static String describe(TableSchema table, IndexSchema index) {
    var columns = new ArrayList<String>();
    for (int column : index.columns()) {
      columns.add(table.columns().get(column).name());
    }
    var kind = SchemaCompatibility.lowerCase(index.kind());
    return (index.unique() ? "unique " : "") + kind + " on (" + String.join(", ", columns) + ")";
  }

  private static String defaultText(ColumnSchema column) {
    if (!column.hasDefault()) {
      return column.type().kind() == Type.Kind.OPTION ? "none" : "no default";
    }
    var value = column.defaultValue();
    if (value instanceof String text) {
      return Values.quote(text);
    }
    return String.valueOf(value);
  }
}
