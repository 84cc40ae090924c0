package io.interstice.journal.log.internal;

import io.interstice.journal.log.Frame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The frames of one segment, in file order: what its sidecar stores, and per persistence id the
 * highest sequence number it holds (to tell when deletions have made the segment dead).
 *
 * <p>Not thread-safe: owned by whoever builds the segment (the writer, or a loader); published
 * read-only after sealing.
 */
public final class SegmentEntries {
  private final List<String> ids = new ArrayList<>();
  private long[] data = new long[3 * 16];
  private final Map<String, Long> highestById = new HashMap<>();

  public void add(String persistenceId, long position, long firstSeq, long lastSeq) {
    int n = ids.size();
    if (3 * (n + 1) > data.length) {
      data = java.util.Arrays.copyOf(data, data.length * 2);
    }
    data[3 * n] = position;
    data[3 * n + 1] = firstSeq;
    data[3 * n + 2] = lastSeq;
    ids.add(persistenceId);
    highestById.merge(persistenceId, lastSeq, Math::max);
  }

  /** Adds the entry of an intact frame. */
  public void add(Frame frame) {
    add(frame.persistenceId(), frame.position(), frame.firstSequenceNr(), frame.lastSequenceNr());
  }

  public int size() {
    return ids.size();
  }

  public String persistenceId(int i) {
    return ids.get(i);
  }

  public long position(int i) {
    return data[3 * i];
  }

  public long firstSequenceNr(int i) {
    return data[3 * i + 1];
  }

  public long lastSequenceNr(int i) {
    return data[3 * i + 2];
  }

  /** Highest sequence number per persistence id present in the segment. */
  public Map<String, Long> highestById() {
    return highestById;
  }

  /** Adds every entry to {@code index}. */
  public void addTo(LogIndex index) {
    for (int i = 0; i < ids.size(); i++) {
      index.add(ids.get(i), position(i), firstSequenceNr(i), lastSequenceNr(i));
    }
  }
}
