package io.interstice.runtime.table;

import java.util.Arrays;
import java.util.Objects;

/**
 * One change of one row, as a transaction records it and the log replays it. Rows are shared, not
 * copied; equality compares the rows' values.
 */
public sealed interface RowChange {

  /** The name of the changed table. */
  String table();

  /** The change that undoes {@code change}. */
  static RowChange inverse(RowChange change) {
    if (change instanceof Inserted inserted) {
      return new Deleted(inserted.table(), inserted.row());
    }
    if (change instanceof Updated updated) {
      return new Updated(updated.table(), updated.newRow(), updated.oldRow());
    }
    var deleted = (Deleted) change;
    return new Inserted(deleted.table(), deleted.row());
  }

  /** A row was added. */
  record Inserted(String table, Object[] row) implements RowChange {
    public Inserted {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(row, "row");
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Inserted that
          && table.equals(that.table)
          && Arrays.equals(row, that.row);
    }

    @Override
    public int hashCode() {
      return RowChange.hash(table, row);
    }

    @Override
    public String toString() {
      return RowChange.text("Inserted", table, row);
    }
  }

  /**
   * The row with the primary key of {@code newRow} was {@code oldRow} and became {@code newRow}.
   */
  record Updated(String table, Object[] oldRow, Object[] newRow) implements RowChange {
    public Updated {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(oldRow, "oldRow");
      Objects.requireNonNull(newRow, "newRow");
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Updated that
          && table.equals(that.table)
          && Arrays.equals(oldRow, that.oldRow)
          && Arrays.equals(newRow, that.newRow);
    }

    @Override
    public int hashCode() {
      return RowChange.hash(table, oldRow, newRow);
    }

    @Override
    public String toString() {
      return RowChange.text("Updated", table, oldRow, newRow);
    }
  }

  /** A row was removed. */
  record Deleted(String table, Object[] row) implements RowChange {
    public Deleted {
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(row, "row");
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Deleted that
          && table.equals(that.table)
          && Arrays.equals(row, that.row);
    }

    @Override
    public int hashCode() {
      return RowChange.hash(table, row);
    }

    @Override
    public String toString() {
      return RowChange.text("Deleted", table, row);
    }
  }

  private static int hash(String table, Object[]... rows) {
    return 31 * table.hashCode() + Arrays.deepHashCode(rows);
  }

  private static String text(String kind, String table, Object[]... rows) {
    var text = new StringBuilder(kind).append('[').append(table);
    for (var row : rows) {
      text.append(", ").append(ValueText.row(row));
    }
    return text.append(']').toString();
  }
}
