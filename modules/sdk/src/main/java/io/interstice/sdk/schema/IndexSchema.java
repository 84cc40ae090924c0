package io.interstice.sdk.schema;

import java.util.List;
import java.util.Objects;

/**
 * A secondary index of a table: its name, the indexed columns (positions in the table's column
 * list, the first column most significant), its kind and whether its key is unique.
 */
public record IndexSchema(String name, List<Integer> columns, IndexKind kind, boolean unique) {
  public IndexSchema {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    Objects.requireNonNull(kind, "kind");
  }
}
