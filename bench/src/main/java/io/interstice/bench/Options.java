package io.interstice.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The benchmarks' command-line options: {@code --name=value} pairs and their value parsers. */
final class Options {
  private Options() {}

  /** One {@code --name=value} argument. */
  record Option(String name, String value) {}

  /**
   * Splits every argument into name and value; refuses anything not shaped {@code --name=value}.
   */
  static List<Option> parse(String[] args) {
    var options = new ArrayList<Option>();
    for (var arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 0) {
        throw new IllegalArgumentException("expected --name=value, got '" + arg + "'");
      }
      options.add(new Option(arg.substring(2, eq), arg.substring(eq + 1)));
    }
    return options;
  }

  static IllegalArgumentException unknown(Option option) {
    return new IllegalArgumentException("unknown option --" + option.name());
  }

  /** Seconds, fractions allowed ({@code 2.5}). */
  static Duration seconds(String value) {
    return Duration.ofMillis((long) (Double.parseDouble(value) * 1000));
  }

  /** A comma-separated list of integers. */
  static List<Integer> ints(String csv) {
    return list(csv, Integer::parseInt);
  }

  /**
   * A comma-separated list, each trimmed part turned into a value by {@code parser}; empty when
   * {@code csv} is blank ({@code --actors=} runs no rows).
   */
  static <T> List<T> list(String csv, Function<String, T> parser) {
    var values = new ArrayList<T>();
    if (csv.isBlank()) {
      return List.of();
    }
    for (var part : csv.split(",")) {
      values.add(parser.apply(part.trim()));
    }
    return List.copyOf(values);
  }
}
