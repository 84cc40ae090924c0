package io.interstice.sdk.schema;

import io.interstice.sdk.value.Type;
import java.util.Objects;

/** One named, typed parameter of a reducer or query. */
public record ParamSchema(String name, Type type) {
  public ParamSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
  }

  public static ParamSchema of(String name, Type type) {
    return new ParamSchema(name, type);
  }
}
