package io.interstice.runtime.table;

import java.util.Arrays;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * Encoded rows (one {@code byte[]} each, see {@link RowFormat}) kept sorted by a comparator, stored
 * as a list of sorted chunks of at most {@value #MAX_CHUNK} rows each: a two-level B+ tree whose
 * inner level is one array. It costs about one array slot per row (4 bytes with compressed
 * references, plus free slots of partly filled chunks) where a {@code TreeMap} spends a 40-byte
 * entry, which is what makes million-row tables cheap.
 *
 * <p>Finding a row is two binary searches (over the chunks' last rows, then within a chunk); adding
 * or removing shifts at most one chunk, and splitting or dropping a chunk shifts the chunk array,
 * whose length is the row count divided by a few hundred. Appending in order fills chunks
 * completely; random inserts leave them between half and completely full. No two stored rows may
 * compare equal.
 *
 * <p>Deliberately mutable and not thread-safe: owned by one {@link Table}. Iterators fail with
 * {@link ConcurrentModificationException} once the rows change under them.
 */
final class SortedRows implements Iterable<byte[]> {
  static final int MAX_CHUNK = 512;
  private static final int MIN_CAPACITY = 8;

  private final Comparator<byte[]> order;
  private byte[][][] chunks = new byte[4][][];
  private int[] sizes = new int[4];
  private int chunkCount;
  private long size;
  private int modCount;

  SortedRows(Comparator<byte[]> order) {
    this.order = order;
  }

  long size() {
    return size;
  }

  /** How many chunks hold the rows; any two neighbours hold more than half a chunk together. */
  int chunkCount() {
    return chunkCount;
  }

  /** The stored row the probe matches, or null. */
  byte[] find(RowProbe probe) {
    int chunk = chunkFor(probe);
    if (chunk == chunkCount) {
      return null;
    }
    var row = chunks[chunk][offsetIn(chunk, probe)];
    return probe.compareTo(row) == 0 ? row : null;
  }

  /** The first row in this order; there must be one. */
  byte[] first() {
    return chunks[0][0];
  }

  /** Adds a row that no stored row equals in this order. */
  void add(byte[] row) {
    modCount++;
    size++;
    if (chunkCount == 0) {
      var first = new byte[MIN_CAPACITY][];
      first[0] = row;
      insertChunk(0, first, 1);
      return;
    }
    RowProbe probe = stored -> order.compare(row, stored);
    int chunk = chunkFor(probe);
    int offset;
    if (chunk == chunkCount) {
      chunk--;
      offset = sizes[chunk];
    } else {
      offset = offsetIn(chunk, probe);
    }
    insertAt(chunk, offset, row);
  }

  /** Removes the stored row equal to {@code row} in this order. */
  void remove(byte[] row) {
    long position = positionOf(row);
    int chunk = (int) (position >>> 32);
    int offset = (int) position;
    modCount++;
    size--;
    var rows = chunks[chunk];
    System.arraycopy(rows, offset + 1, rows, offset, sizes[chunk] - offset - 1);
    rows[--sizes[chunk]] = null;
    if (sizes[chunk] == 0) {
      removeChunk(chunk);
    } else {
      compact(chunk);
    }
  }

  /** Replaces the stored row equal to {@code oldRow} by {@code newRow}, which sorts the same. */
  void replace(byte[] oldRow, byte[] newRow) {
    long position = positionOf(oldRow);
    modCount++;
    chunks[(int) (position >>> 32)][(int) position] = newRow;
  }

  @Override
  public Iterator<byte[]> iterator() {
    return new Cursor(0, 0, row -> true);
  }

  /**
   * The rows from the first one the probe does not sort after ({@code from == null}: the first
   * row), for as long as {@code within} holds.
   */
  Iterable<byte[]> from(RowProbe from, Predicate<byte[]> within) {
    return () -> {
      if (from == null) {
        return new Cursor(0, 0, within);
      }
      int chunk = chunkFor(from);
      return new Cursor(chunk, chunk == chunkCount ? 0 : offsetIn(chunk, from), within);
    };
  }

  /** The chunk (high half) and offset (low half) of the stored row equal to {@code row}. */
  private long positionOf(byte[] row) {
    RowProbe probe = stored -> order.compare(row, stored);
    int chunk = chunkFor(probe);
    if (chunk < chunkCount) {
      int offset = offsetIn(chunk, probe);
      if (probe.compareTo(chunks[chunk][offset]) == 0) {
        return ((long) chunk << 32) | offset;
      }
    }
    throw new IllegalStateException("row to remove or replace is not stored");
  }

  /** The first chunk whose last row the probe does not sort after, or {@code chunkCount}. */
  private int chunkFor(RowProbe probe) {
    int low = 0;
    int high = chunkCount;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (probe.compareTo(chunks[middle][sizes[middle] - 1]) <= 0) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  /** The first offset in the chunk whose row the probe does not sort after. */
  private int offsetIn(int chunk, RowProbe probe) {
    var rows = chunks[chunk];
    int low = 0;
    int high = sizes[chunk];
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (probe.compareTo(rows[middle]) <= 0) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  private void insertAt(int chunk, int offset, byte[] row) {
    int count = sizes[chunk];
    if (count == MAX_CHUNK) {
      if (offset == count && chunk == chunkCount - 1) {
        // Appending in key order starts a new chunk rather than splitting: chunks stay full.
        var next = new byte[MIN_CAPACITY][];
        next[0] = row;
        insertChunk(chunk + 1, next, 1);
        return;
      }
      split(chunk);
      if (offset > sizes[chunk]) {
        offset -= sizes[chunk];
        chunk++;
      }
      count = sizes[chunk];
    }
    var rows = chunks[chunk];
    if (count == rows.length) {
      rows = Arrays.copyOf(rows, Math.min(MAX_CHUNK, count + (count >> 1) + 1));
      chunks[chunk] = rows;
    }
    System.arraycopy(rows, offset, rows, offset + 1, count - offset);
    rows[offset] = row;
    sizes[chunk] = count + 1;
  }

  private void split(int chunk) {
    var rows = chunks[chunk];
    int half = MAX_CHUNK / 2;
    int capacity = half + half / 2;
    var left = new byte[capacity][];
    var right = new byte[capacity][];
    System.arraycopy(rows, 0, left, 0, half);
    System.arraycopy(rows, half, right, 0, MAX_CHUNK - half);
    chunks[chunk] = left;
    sizes[chunk] = half;
    insertChunk(chunk + 1, right, MAX_CHUNK - half);
  }

  /** Merges a chunk into a neighbour when both fit in half a chunk, or shrinks a sparse one. */
  private void compact(int chunk) {
    int neighbour = chunk + 1 < chunkCount ? chunk + 1 : chunk - 1;
    if (neighbour >= 0 && sizes[chunk] + sizes[neighbour] <= MAX_CHUNK / 2) {
      int first = Math.min(chunk, neighbour);
      int total = sizes[first] + sizes[first + 1];
      var merged = new byte[Math.min(MAX_CHUNK, total + (total >> 1) + 1)][];
      System.arraycopy(chunks[first], 0, merged, 0, sizes[first]);
      System.arraycopy(chunks[first + 1], 0, merged, sizes[first], sizes[first + 1]);
      chunks[first] = merged;
      sizes[first] = total;
      removeChunk(first + 1);
    } else if (chunks[chunk].length > MIN_CAPACITY && sizes[chunk] < chunks[chunk].length / 4) {
      chunks[chunk] = Arrays.copyOf(chunks[chunk], Math.max(MIN_CAPACITY, sizes[chunk] * 2));
    }
  }

  private void insertChunk(int at, byte[][] rows, int count) {
    if (chunkCount == chunks.length) {
      chunks = Arrays.copyOf(chunks, chunkCount * 2);
      sizes = Arrays.copyOf(sizes, chunkCount * 2);
    }
    System.arraycopy(chunks, at, chunks, at + 1, chunkCount - at);
    System.arraycopy(sizes, at, sizes, at + 1, chunkCount - at);
    chunks[at] = rows;
    sizes[at] = count;
    chunkCount++;
  }

  private void removeChunk(int at) {
    System.arraycopy(chunks, at + 1, chunks, at, chunkCount - at - 1);
    System.arraycopy(sizes, at + 1, sizes, at, chunkCount - at - 1);
    chunkCount--;
    chunks[chunkCount] = null;
  }

  /** Walks the rows in order from a position while a condition holds. */
  private final class Cursor implements Iterator<byte[]> {
    private final Predicate<byte[]> within;
    private final int expectedModCount = modCount;
    private int chunk;
    private int offset;

    Cursor(int chunk, int offset, Predicate<byte[]> within) {
      this.chunk = chunk;
      this.offset = offset;
      this.within = within;
    }

    @Override
    public boolean hasNext() {
      if (modCount != expectedModCount) {
        throw new ConcurrentModificationException("rows changed during iteration");
      }
      return chunk < chunkCount && within.test(chunks[chunk][offset]);
    }

    @Override
    public byte[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      var row = chunks[chunk][offset];
      if (++offset == sizes[chunk]) {
        chunk++;
        offset = 0;
      }
      return row;
    }
  }
}
