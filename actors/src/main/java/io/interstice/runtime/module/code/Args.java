package io.interstice.runtime.module.code;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The arguments of a reducer call or query as the caller gives them: values of the parameter types
 * (from Java code), or a JSON array (from HTTP and the CLI). The module actor checks them against
 * the parameters before anything runs.
 */
public sealed interface Args {

  /** Values of the parameter types, in parameter order ({@code Long} for i64, …). */
  record Values(List<Object> values) implements Args {
    public Values {
      // Arrays.asList keeps nulls, which stand for an empty option.
      values = java.util.Collections.unmodifiableList(Arrays.asList(values.toArray()));
    }

    public static Values of(Object... values) {
      return new Values(Arrays.asList(values));
    }
  }

  /** A JSON array with one element per parameter, mapped as in {@code docs/row-encoding.md}. */
  record Json(String json) implements Args {
    public Json {
      Objects.requireNonNull(json, "json");
    }
  }
}
