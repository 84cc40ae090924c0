package io.interstice.journal.log.internal;

import io.interstice.journal.log.SegmentNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this log knows to be absent, per persistence id: events up to which sequence number were
 * deleted through it, the highest sequence number ever used (so neither deletion nor lost frames
 * lower it, and a writer never reuses a number), and <em>holes</em>: ranges of sequence numbers
 * that no event will ever fill, because their write was rejected or because a recovery mode or a
 * repair accepted losing them to damage. Replay checks each id's sequence numbers for gaps; only a
 * deletion or a hole explains one. Kept in {@code deletions.dat}, rewritten atomically. Big-endian.
 *
 * <pre>
 * offset  width  field
 * 0       4      magic "ISTD" (0x49535444)
 * 4       2      format version (2; version 1 files, without holes, are read too)
 * 6       2      reserved, 0
 * 8       4      entry count N
 * 12      ...    N entries: 2+p persistence id, 8 deleted-to sequence nr, 8 highest sequence nr,
 *                then (version 2) 4 hole count H and H pairs of 8 first, 8 last sequence nr
 * end-4   4      CRC32C over every preceding byte
 * </pre>
 *
 * <p>Read and written through {@link ChecksummedFile}.
 *
 * <p>Thread-safety: reads are lock-free, from any thread. Changes come from one thread at a time:
 * the owner of the {@link LogState} that holds this state (the recovering thread, then the log's
 * writer thread) or an offline tool holding the directory lock; they are package-private so that
 * nothing outside the log's internals can make them.
 */
public final class DeletionState {
  public static final int MAGIC = 0x49535444;
  public static final short VERSION = 2;
  private static final short VERSION_WITHOUT_HOLES = 1;
  static final ChecksummedFile.Kind KIND =
      new ChecksummedFile.Kind("deletions file", MAGIC, VERSION, VERSION_WITHOUT_HOLES);

  /**
   * What is absent for one id.
   *
   * @param holes disjoint, sorted ranges {@code [first, last]}, each as a two-element array
   */
  public record Deletion(long deletedTo, long highestSequenceNr, List<long[]> holes) {
    Deletion(long deletedTo, long highestSequenceNr) {
      this(deletedTo, highestSequenceNr, List.of());
    }

    boolean sameAs(Deletion other) {
      if (deletedTo != other.deletedTo
          || highestSequenceNr != other.highestSequenceNr
          || holes.size() != other.holes.size()) {
        return false;
      }
      for (int i = 0; i < holes.size(); i++) {
        if (!Arrays.equals(holes.get(i), other.holes.get(i))) {
          return false;
        }
      }
      return true;
    }
  }

  private final Path file;
  private final Map<String, Deletion> byId = new ConcurrentHashMap<>();

  private DeletionState(Path file) {
    this.file = file;
  }

  /** Loads {@code deletions.dat} of a log directory; an absent file means no deletions. */
  public static DeletionState load(Path logDir) {
    var state = new DeletionState(logDir.resolve(SegmentNames.DELETIONS_FILE));
    if (Files.exists(state.file)) {
      state.read();
    }
    return state;
  }

  public long deletedTo(String persistenceId) {
    var d = byId.get(persistenceId);
    return d == null ? 0L : d.deletedTo();
  }

  public long highestSequenceNr(String persistenceId) {
    var d = byId.get(persistenceId);
    return d == null ? 0L : d.highestSequenceNr();
  }

  /** Records and durably stores a deletion; never lowers an earlier one. */
  void record(String persistenceId, long toSequenceNr, long highest) {
    var old = byId.getOrDefault(persistenceId, new Deletion(0, 0));
    store(
        persistenceId,
        old,
        new Deletion(
            Math.max(old.deletedTo(), Math.min(toSequenceNr, highest)),
            Math.max(old.highestSequenceNr(), highest),
            old.holes()));
  }

  /**
   * Records and durably stores that sequence numbers {@code [first, last]} of the id will never
   * hold an event; raises its highest sequence number to at least {@code last}.
   */
  void recordHole(String persistenceId, long first, long last) {
    recordHoles(Map.of(persistenceId, List.of(new long[] {first, last})));
  }

  /** Records several ids' holes with one durable write. */
  void recordHoles(Map<String, List<long[]>> holes) {
    var changed = new java.util.HashMap<String, Deletion>();
    for (var e : holes.entrySet()) {
      var old = byId.getOrDefault(e.getKey(), new Deletion(0, 0));
      var merged = new ArrayList<>(old.holes());
      long highest = old.highestSequenceNr();
      for (var hole : e.getValue()) {
        if (hole[0] < 1 || hole[1] < hole[0]) {
          throw new IllegalArgumentException(
              "hole " + hole[0] + ".." + hole[1] + " of '" + e.getKey() + "' is not a range");
        }
        merged.add(hole.clone());
        highest = Math.max(highest, hole[1]);
      }
      var next = new Deletion(old.deletedTo(), highest, coalesce(merged));
      if (!next.sameAs(old)) {
        changed.put(e.getKey(), next);
      }
    }
    if (!changed.isEmpty()) {
      byId.putAll(changed);
      writeFile();
    }
  }

  private void store(String persistenceId, Deletion old, Deletion merged) {
    if (merged.sameAs(old)) {
      return;
    }
    byId.put(persistenceId, merged);
    writeFile();
  }

  /** The id's holes, sorted and disjoint. */
  public List<long[]> holes(String persistenceId) {
    var d = byId.get(persistenceId);
    return d == null ? List.of() : d.holes();
  }

  /** Every id this file records anything for. */
  public java.util.Set<String> persistenceIds() {
    return java.util.Set.copyOf(byId.keySet());
  }

  /** Sorts ranges and merges the ones that overlap or touch. */
  public static List<long[]> coalesce(List<long[]> ranges) {
    var sorted = new ArrayList<>(ranges);
    sorted.sort(java.util.Comparator.comparingLong(r -> r[0]));
    var out = new ArrayList<long[]>();
    for (var r : sorted) {
      var last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && r[0] <= last[1] + 1) {
        last[1] = Math.max(last[1], r[1]);
      } else {
        out.add(new long[] {r[0], r[1]});
      }
    }
    return List.copyOf(out);
  }

  /** True when every number of {@code [first, last]} lies in one of {@code holes} (coalesced). */
  public static boolean covers(List<long[]> holes, long first, long last) {
    for (var hole : holes) {
      if (hole[0] <= first && last <= hole[1]) {
        return true;
      }
    }
    return false;
  }

  private void writeFile() {
    ChecksummedFile.write(
        file,
        KIND,
        out -> {
          out.writeInt(byId.size());
          for (var e : byId.entrySet()) {
            ChecksummedFile.writeString(out, e.getKey());
            out.writeLong(e.getValue().deletedTo());
            out.writeLong(e.getValue().highestSequenceNr());
            out.writeInt(e.getValue().holes().size());
            for (var hole : e.getValue().holes()) {
              out.writeLong(hole[0]);
              out.writeLong(hole[1]);
            }
          }
        });
  }

  private void read() {
    var body = ChecksummedFile.read(file, KIND);
    boolean withHoles = body.getShort(ChecksummedFile.OFFSET_VERSION) != VERSION_WITHOUT_HOLES;
    ChecksummedFile.parse(
        file,
        KIND,
        body,
        b -> {
          for (int i = b.getInt(); i > 0; i--) {
            var id = ChecksummedFile.readString(b);
            long deletedTo = b.getLong();
            long highest = b.getLong();
            var holes = new ArrayList<long[]>();
            for (int h = withHoles ? b.getInt() : 0; h > 0; h--) {
              holes.add(new long[] {b.getLong(), b.getLong()});
            }
            byId.put(id, new Deletion(deletedTo, highest, coalesce(holes)));
          }
          return null;
        });
  }
}
