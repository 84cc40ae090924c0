package io.interstice.sdk.schema;

import io.interstice.sdk.value.Type;
import java.util.Objects;

/**
 * One column of a table: its name, its value type and an optional default value. The default is
 * what an upgrade fills into existing rows when it adds the column; {@code null} means no default
 * (for an option column, none serves as the default).
 */
public record ColumnSchema(String name, Type type, Object defaultValue) {
  public ColumnSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  /** A column without a default. */
  public static ColumnSchema of(String name, Type type) {
    return new ColumnSchema(name, type, null);
  }

  public boolean hasDefault() {
    return defaultValue != null;
  }
}
