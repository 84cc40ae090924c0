package io.interstice.runtime.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scrape in the Prometheus text format, parsed the way a scraper reads it, for tests to check
 * names, types, labels and values: every sample line {@code name{label="value",…} number}, and
 * every {@code # TYPE} line.
 */
public final class PrometheusText {
  /** One sample: a series' name, its labels and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, String> types = new HashMap<>();

  private PrometheusText() {}

  /**
   * Parses a scrape.
   *
   * @throws IllegalArgumentException naming the first line that is not in the format
   */
  public static PrometheusText parse(String text) {
    var parsed = new PrometheusText();
    for (var line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        var parts = line.substring("# TYPE ".length()).split(" ");
        parsed.types.put(parts[0], parts[1]);
      } else if (!line.startsWith("#")) {
        parsed.samples.add(sample(line));
      }
    }
    return parsed;
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.lastIndexOf(' ');
    if (space < 0) {
      throw new IllegalArgumentException("not a sample line: " + line);
    }
    var labels = new LinkedHashMap<String, String>();
    String name;
    if (brace >= 0 && brace < space) {
      name = line.substring(0, brace);
      int end = line.lastIndexOf('}');
      parseLabels(line.substring(brace + 1, end), labels, line);
    } else {
      name = line.substring(0, space);
    }
    return new Sample(name, labels, Double.parseDouble(line.substring(space + 1)));
  }

  private static void parseLabels(String text, Map<String, String> labels, String line) {
    int i = 0;
    while (i < text.length()) {
      int equals = text.indexOf("=\"", i);
      if (equals < 0) {
        throw new IllegalArgumentException("bad labels in: " + line);
      }
      var label = text.substring(i, equals);
      var value = new StringBuilder();
      int j = equals + 2;
      while (text.charAt(j) != '"') {
        if (text.charAt(j) == '\\') {
          j++;
        }
        value.append(text.charAt(j++));
      }
      labels.put(label, value.toString());
      i = j + 1;
      if (i < text.length() && text.charAt(i) == ',') {
        i++;
      }
    }
  }

  /** The type a {@code # TYPE} line gave the family {@code name}, or null. */
  public String type(String name) {
    return types.get(name);
  }

  /** Every sample of series {@code name} whose labels include {@code labels} (pairs). */
  public List<Sample> samples(String name, String... labels) {
    var found = new ArrayList<Sample>();
    for (var sample : samples) {
      if (sample.name().equals(name) && matches(sample.labels(), labels)) {
        found.add(sample);
      }
    }
    return found;
  }

  /**
   * The value of the one sample of {@code name} with exactly these labels (pairs), or 0 when there
   * is none (a series not yet touched).
   */
  public double value(String name, String... labels) {
    for (var sample : samples(name, labels)) {
      if (sample.labels().size() * 2 == labels.length) {
        return sample.value();
      }
    }
    return 0;
  }

  /** Whether any sample's name starts with {@code prefix}. */
  public boolean hasAny(String prefix) {
    return samples.stream().anyMatch(s -> s.name().startsWith(prefix));
  }

  /** Whether any sample has label {@code label} with value {@code value}. */
  public boolean hasLabel(String label, String value) {
    return samples.stream().anyMatch(s -> value.equals(s.labels().get(label)));
  }

  private static boolean matches(Map<String, String> have, String... wanted) {
    for (int i = 0; i < wanted.length; i += 2) {
      if (!wanted[i + 1].equals(have.get(wanted[i]))) {
        return false;
      }
    }
    return true;
  }
}
