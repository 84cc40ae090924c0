package io.interstice.runtime;

import io.interstice.sdk.schema.TableSchema;
import java.util.List;

/**
 * One page of a table's committed rows, in primary key order: the table's schema (to name the
 * columns), the rows (each its column values), and whether rows past the last one exist.
 */
public record RowPage(TableSchema table, List<Object[]> rows, boolean more) {
  public RowPage {
    rows = List.copyOf(rows);
  }
}
