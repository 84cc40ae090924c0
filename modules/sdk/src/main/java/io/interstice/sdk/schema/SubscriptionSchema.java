package io.interstice.sdk.schema;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A subscription: when a row of {@code module.table} is inserted, updated or deleted, the runtime
 * calls this module's {@code reducer} in a transaction of its own, after the change is committed.
 * Written as a pattern {@code <module>.<table>.<insert|update|delete>}, for example {@code
 * chat.messages.insert}. The reducer receives the changed row: the new row for insert, the old and
 * the new row for update, the old row for delete.
 */
public record SubscriptionSchema(String module, String table, RowEvent event, String reducer) {
  public SubscriptionSchema {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(reducer, "reducer");
  }

  /**
   * Parses a pattern such as {@code chat.messages.insert}.
   *
   * @throws SchemaValidationException when the pattern is malformed (see {@link #malformation})
   */
  public static SubscriptionSchema parse(String pattern, String reducer) {
    var problem = malformation(pattern);
    if (problem.isPresent()) {
      throw new SchemaValidationException(
          List.of("subscription pattern '" + pattern + "' is malformed: " + problem.get()));
    }
    var parts = pattern.split("\\.", -1);
    return new SubscriptionSchema(parts[0], parts[1], eventOf(parts[2]), reducer);
  }

  /**
   * Why {@code pattern} is not a valid subscription pattern (not three dot-separated parts, names
   * that are not identifiers, an event other than insert, update or delete), or empty if it is.
   */
  public static Optional<String> malformation(String pattern) {
    var parts = pattern.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.of("expected <module>.<table>.<insert|update|delete>");
    }
    for (int i = 0; i < 2; i++) {
      if (!Identifiers.isIdentifier(parts[i])) {
        return Optional.of("'" + parts[i] + "' is not a name (" + Identifiers.RULE + ")");
      }
    }
    if (eventOf(parts[2]) == null) {
      return Optional.of("unknown event '" + parts[2] + "', expected insert, update or delete");
    }
    return Optional.empty();
  }

  private static RowEvent eventOf(String name) {
    for (var event : RowEvent.values()) {
      if (event.patternName().equals(name)) {
        return event;
      }
    }
    return null;
  }

  /** The pattern form: {@code chat.messages.insert}. */
  public String pattern() {
    return module + "." + table + "." + event.patternName();
  }
}
