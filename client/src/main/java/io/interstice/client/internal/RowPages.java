package io.interstice.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.interstice.client.RowPage;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Every row of a table, one page at a time: fetches the next page (its {@code after} the previous
 * page's {@code next}) only once the rows fetched so far were all taken. Rows committed while it
 * reads may or may not be seen; none is seen twice, as pages follow the primary key. Not
 * thread-safe: one reader.
 */
public final class RowPages implements Iterator<JsonNode> {
  private final Function<JsonNode, RowPage> fetch;
  private RowPage page;
  private int index;

  /** {@code fetch} gets the page after a key, or the first page for null. */
  public RowPages(Function<JsonNode, RowPage> fetch) {
    this.fetch = fetch;
  }

  @Override
  public boolean hasNext() {
    if (page == null) {
      page = fetch.apply(null);
      index = 0;
    }
    // A page may come back empty while more follow (rows deleted meanwhile): keep going.
    while (index == page.rows().size() && page.more()) {
      page = fetch.apply(page.next());
      index = 0;
    }
    return index < page.rows().size();
  }

  @Override
  public JsonNode next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more rows");
    }
    return page.rows().get(index++);
  }
}
