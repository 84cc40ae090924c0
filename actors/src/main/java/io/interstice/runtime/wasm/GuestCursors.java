package io.interstice.runtime.wasm;

import io.interstice.sdk.schema.TableSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The iterators one guest call has open ({@code table_scan}, {@code index_lookup}, {@code
 * index_range} open one; {@code iter_next} reads it; {@code iter_close} ends it): each is a copy of
 * its rows as they were when it was opened, so the guest's own writes during iteration never move
 * it. At most {@link #MAX_OPEN} are open at once, since each holds a copy. Confined to the call's
 * thread.
 */
final class GuestCursors {
  /** Iterators one call may have open at once. */
  static final int MAX_OPEN = 256;

  /** An open iterator: the table its rows belong to, and the rows not read yet. */
  record Cursor(TableSchema table, Iterator<Object[]> rows) {}

  private final Map<Integer, Cursor> open = new HashMap<>();
  private int next = 1;

  /** Opens an iterator over a copy of {@code rows}; returns its id. */
  int open(TableSchema table, Iterable<Object[]> rows) {
    if (open.size() >= MAX_OPEN) {
      throw new GuestFault(
          "more than " + MAX_OPEN + " iterators open at once (close them with iter_close)");
    }
    var copy = new ArrayList<Object[]>();
    rows.forEach(copy::add);
    int id = next++;
    open.put(id, new Cursor(table, copy.iterator()));
    return id;
  }

  /** The open iterator {@code id}. */
  Cursor get(int id) {
    var cursor = open.get(id);
    if (cursor == null) {
      throw new GuestFault("unknown iterator " + id);
    }
    return cursor;
  }

  void close(int id) {
    if (open.remove(id) == null) {
      throw new GuestFault("unknown iterator " + id);
    }
  }

  /** The call ended: every iterator is released. */
  void clear() {
    open.clear();
  }
}
