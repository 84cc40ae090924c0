package io.interstice.runtime.table;

/**
 * An open-addressing hash table (linear probing) of a hash index's entries, keyed by an {@link
 * IndexKey} read in place from encoded rows. An entry is an encoded row ({@code byte[]}) or a
 * {@link SortedRows} of rows that share one key; the key of an entry is the key of its (first) row.
 * One array slot per entry and no per-entry objects: at most 4/3 slots per entry after growth, so 5
 * to 11 bytes per entry with compressed references, where a {@code HashMap} spends a 32-byte node
 * plus the boxed key. Removal shifts the following entries back instead of leaving tombstones, so
 * lookups never slow down after many removals.
 *
 * <p>Deliberately mutable and not thread-safe: owned by one hash index.
 */
final class RowHashTable {
  private static final int MIN_CAPACITY = 16;

  private final IndexKey key;
  private Object[] slots = new Object[MIN_CAPACITY];
  private int size;

  RowHashTable(IndexKey key) {
    this.key = key;
  }

  /** The slot of the entry holding the key of the encoded {@code row}, or -1. */
  int find(byte[] row) {
    int mask = slots.length - 1;
    for (int i = key.hash(row) & mask; ; i = (i + 1) & mask) {
      var entry = slots[i];
      if (entry == null) {
        return -1;
      }
      if (key.sameKey(rowOf(entry), row)) {
        return i;
      }
    }
  }

  /** The slot of the entry holding the key given as encoded {@code parts}, or -1. */
  int find(byte[][] parts) {
    int mask = slots.length - 1;
    for (int i = key.hash(parts) & mask; ; i = (i + 1) & mask) {
      var entry = slots[i];
      if (entry == null) {
        return -1;
      }
      if (key.matches(parts, rowOf(entry))) {
        return i;
      }
    }
  }

  Object at(int slot) {
    return slots[slot];
  }

  /** Replaces the entry in {@code slot} by one with the same key. */
  void set(int slot, Object entry) {
    slots[slot] = entry;
  }

  /** Adds an entry whose key no entry holds. */
  void add(Object entry) {
    if ((size + 1) * 4L > slots.length * 3L) {
      resize(slots.length * 2);
    }
    place(slots, entry);
    size++;
  }

  /** Removes the entry in {@code slot}, moving back entries that probed past it. */
  void removeAt(int slot) {
    int mask = slots.length - 1;
    int hole = slot;
    slots[hole] = null;
    size--;
    for (int i = (hole + 1) & mask; slots[i] != null; i = (i + 1) & mask) {
      int home = key.hash(rowOf(slots[i])) & mask;
      // The entry may move into the hole unless its home lies cyclically in (hole, i].
      boolean stays = hole < i ? home > hole && home <= i : home > hole || home <= i;
      if (!stays) {
        slots[hole] = slots[i];
        slots[i] = null;
        hole = i;
      }
    }
    if (slots.length > MIN_CAPACITY && size * 8L < slots.length) {
      resize(slots.length / 2);
    }
  }

  int size() {
    return size;
  }

  private void resize(int capacity) {
    var grown = new Object[capacity];
    for (var entry : slots) {
      if (entry != null) {
        place(grown, entry);
      }
    }
    slots = grown;
  }

  private void place(Object[] target, Object entry) {
    int mask = target.length - 1;
    int i = key.hash(rowOf(entry)) & mask;
    while (target[i] != null) {
      i = (i + 1) & mask;
    }
    target[i] = entry;
  }

  private static byte[] rowOf(Object entry) {
    return entry instanceof byte[] row ? row : ((SortedRows) entry).first();
  }
}
