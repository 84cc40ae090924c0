package io.interstice.journal.log.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory index of one log: for each persistence id, the positions and sequence ranges of its
 * frames in log order. Built from sidecars and scans when a log opens, extended by the writer.
 *
 * <p>Memory: three longs per frame (24 bytes) plus one small object per persistence id, kept in
 * growable primitive arrays rather than one object per frame.
 *
 * <p>Thread-safety: safe for one writer and many concurrent readers; each id's arrays are guarded
 * by that id's monitor. The writer is the owner of the {@link LogState} holding the index (the
 * recovering thread, then the log's writer thread); the changes are package-private for that.
 */
public final class LogIndex {
  private final Map<String, Frames> byId = new ConcurrentHashMap<>();

  /** Records a frame; positions of one id must be added in increasing order. */
  void add(String persistenceId, long position, long firstSeq, long lastSeq) {
    byId.computeIfAbsent(persistenceId, id -> new Frames()).add(position, firstSeq, lastSeq);
  }

  /** Highest sequence number of the id in this log, 0 when it has no frames here. */
  public long highestSequenceNr(String persistenceId) {
    var frames = byId.get(persistenceId);
    return frames == null ? 0L : frames.highest();
  }

  /**
   * At most {@code limit} frames of the id positioned after {@code afterPosition} that may hold
   * sequence numbers in [fromSeq, toSeq], in log order: a replay pages through a long history with
   * this instead of listing all of it at once. Paging by position stays correct while the writer
   * appends and segments are removed between pages.
   */
  public List<IndexEntry> frames(
      String persistenceId, long fromSeq, long toSeq, long afterPosition, int limit) {
    var frames = byId.get(persistenceId);
    return frames == null ? List.of() : frames.overlapping(fromSeq, toSeq, afterPosition, limit);
  }

  /** Drops every entry positioned in [fromPosition, toPosition) (a removed segment). */
  void removeRange(long fromPosition, long toPosition) {
    byId.values().forEach(f -> f.removeRange(fromPosition, toPosition));
    byId.values().removeIf(Frames::isEmpty);
  }

  /** True when the id has a frame at log position {@code position} or later. */
  public boolean hasFrameAtOrAfter(String persistenceId, long position) {
    var frames = byId.get(persistenceId);
    return frames != null && frames.lastPosition() >= position;
  }

  /** Highest sequence number of the id among frames before log position {@code position}. */
  public long highestBefore(String persistenceId, long position) {
    var frames = byId.get(persistenceId);
    return frames == null ? 0L : frames.highestBefore(position);
  }

  /**
   * Lowest first sequence number above {@code above} among the id's frames at log position {@code
   * position} or later; {@code Long.MAX_VALUE} when there is none.
   */
  public long firstAbove(String persistenceId, long position, long above) {
    var frames = byId.get(persistenceId);
    return frames == null ? Long.MAX_VALUE : frames.firstAbove(position, above);
  }

  public boolean contains(String persistenceId) {
    return byId.containsKey(persistenceId);
  }

  public java.util.Set<String> persistenceIds() {
    return java.util.Set.copyOf(byId.keySet());
  }

  /** Growable arrays of (position, first, last) for one id; guarded by its own monitor. */
  private static final class Frames {
    private long[] data = new long[3 * 4];
    private int count;
    private long max;

    synchronized void add(long position, long first, long last) {
      if (3 * (count + 1) > data.length) {
        data = java.util.Arrays.copyOf(data, data.length * 2);
      }
      data[3 * count] = position;
      data[3 * count + 1] = first;
      data[3 * count + 2] = last;
      count++;
      max = Math.max(max, last);
    }

    synchronized long highest() {
      return max;
    }

    synchronized long lastPosition() {
      long last = -1;
      for (int i = 0; i < count; i++) {
        last = Math.max(last, data[3 * i]);
      }
      return last;
    }

    synchronized long firstAbove(long position, long above) {
      long first = Long.MAX_VALUE;
      for (int i = 0; i < count; i++) {
        if (data[3 * i] >= position && data[3 * i + 1] > above) {
          first = Math.min(first, data[3 * i + 1]);
        }
      }
      return first;
    }

    synchronized long highestBefore(long position) {
      long highest = 0;
      for (int i = 0; i < count; i++) {
        if (data[3 * i] < position) {
          highest = Math.max(highest, data[3 * i + 2]);
        }
      }
      return highest;
    }

    synchronized List<IndexEntry> overlapping(
        long fromSeq, long toSeq, long afterPosition, int limit) {
      var out = new ArrayList<IndexEntry>(Math.min(limit, 64));
      for (int i = firstAfter(afterPosition); i < count && out.size() < limit; i++) {
        long first = data[3 * i + 1];
        long last = data[3 * i + 2];
        if (last >= fromSeq && first <= toSeq) {
          out.add(new IndexEntry(data[3 * i], first, last));
        }
      }
      return out;
    }

    /** Index of the first frame positioned after {@code position}: positions only increase. */
    private int firstAfter(long position) {
      int low = 0;
      int high = count;
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (data[3 * mid] <= position) {
          low = mid + 1;
        } else {
          high = mid;
        }
      }
      return low;
    }

    synchronized void removeRange(long from, long to) {
      int kept = 0;
      for (int i = 0; i < count; i++) {
        long position = data[3 * i];
        if (position < from || position >= to) {
          System.arraycopy(data, 3 * i, data, 3 * kept, 3);
          kept++;
        }
      }
      count = kept;
      max = 0;
      for (int i = 0; i < count; i++) {
        max = Math.max(max, data[3 * i + 2]);
      }
    }

    synchronized boolean isEmpty() {
      return count == 0;
    }
  }
}
