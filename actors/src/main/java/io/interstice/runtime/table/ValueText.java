package io.interstice.runtime.table;

import io.interstice.sdk.value.Values;
import java.util.Arrays;
import java.util.List;

/**
 * Renders column values and index keys for error messages: {@code 5}, {@code "alice"}, {@code
 * none}. Also used by the determinism checker to show expected and actual rows.
 */
public final class ValueText {
  private ValueText() {}

  /** One value: strings quoted, none as {@code none}, lists as {@code [a, b]}. */
  static String of(Object value) {
    if (value == null) {
      return "none";
    }
    if (value instanceof String text) {
      return Values.quote(text);
    }
    if (value instanceof List<?> list) {
      return join(list, "[", "]");
    }
    return String.valueOf(value);
  }

  /** A row: {@code [5, "alice", none]}. */
  public static String row(Object[] row) {
    return join(Arrays.asList(row), "[", "]");
  }

  /** The values of a multi-column key: {@code ("alice", 3)}. */
  static String tuple(List<?> values) {
    return join(values, "(", ")");
  }

  private static String join(List<?> values, String open, String close) {
    var text = new StringBuilder(open);
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        text.append(", ");
      }
      text.append(of(values.get(i)));
    }
    return text.append(close).toString();
  }
}
