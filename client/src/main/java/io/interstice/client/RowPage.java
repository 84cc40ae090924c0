package io.interstice.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One page of a table's rows in primary-key order, each an object of its columns; {@code next} is
 * the key to pass as the following page's {@code after}, {@code null} on the last page.
 */
public record RowPage(List<JsonNode> rows, JsonNode next) {
  public RowPage {
    rows = List.copyOf(rows);
  }

  /** Whether rows follow this page. */
  public boolean more() {
    return next != null;
  }
}
