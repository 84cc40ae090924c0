package io.interstice.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The pieces the benchmark reports write their JSON with. */
final class JsonText {
  private JsonText() {}

  /** {@code s} as a JSON string literal. */
  static String quote(String s) {
    var out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** {@code items} as the lines of a JSON array's body: each by {@code item}, comma-separated. */
  static <T> String lines(List<T> items, Function<T, String> item) {
    var out = new StringBuilder();
    for (int i = 0; i < items.size(); i++) {
      out.append(item.apply(items.get(i))).append(i + 1 < items.size() ? ",\n" : "\n");
    }
    return out.toString();
  }
}
