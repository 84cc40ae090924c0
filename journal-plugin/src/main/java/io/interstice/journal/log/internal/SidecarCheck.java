package io.interstice.journal.log.internal;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.JournalException;
import io.interstice.journal.log.LogDamage;
import io.interstice.journal.log.SegmentNames;
import io.interstice.journal.log.SegmentScanner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares a scan of a sealed segment with its verified sidecar. The sidecar records which frames
 * the segment held when it was sealed, so a listed frame that the scan does not find intact at the
 * same place is lost, and — unlike damage found by a scan alone — its owner is known for certain.
 * Bytes outside the listed frames never held anything acknowledged.
 *
 * <p>Stateless; safe from any thread (the scrub reads sealed segments, which nobody writes).
 */
public final class SidecarCheck {
  private SidecarCheck() {}

  /**
   * What a scrub finds in a sealed segment: damage a scan finds, and every frame its sidecar lists
   * that is not found intact. A segment removed since it was listed has nothing to find.
   */
  public static List<LogDamage> checkSealed(Segment segment) {
    var sidecar = SegmentNames.sidecar(segment.path.getParent(), segment.base);
    try {
      var entries = new SegmentEntries();
      var scan = SegmentScanner.scan(segment.path, entries::add);
      if (!Files.exists(sidecar)) {
        return scan.damage();
      }
      var recorded = SidecarIndex.readContents(sidecar, segment.base);
      long size = LogFiles.size(segment.path);
      return lostFrames(segment.path, segment.base, size, entries, scan.damage(), recorded);
    } catch (CorruptLogException e) {
      return List.of(new LogDamage(e.file(), e.offset(), e.offset(), null, e.getMessage()));
    } catch (JournalException e) {
      if (!Files.exists(segment.path)) {
        return List.of(); // removed since the pass began: every event in it was deleted
      }
      return List.of(new LogDamage(segment.path, 0, 0, null, e.getMessage()));
    }
  }

  /** One damage per listed frame that {@code scanned} lacks, naming its owner. */
  static List<LogDamage> lostFrames(
      Path segment,
      long base,
      long size,
      SegmentEntries scanned,
      List<LogDamage> scanDamage,
      SidecarIndex.Contents recorded) {
    var intact = keys(scanned);
    var listed = recorded.entries();
    var damage = new ArrayList<LogDamage>();
    for (int i = 0; i < listed.size(); i++) {
      if (intact.contains(key(listed, i))) {
        continue;
      }
      long offset = listed.position(i) - base;
      long end = i + 1 < listed.size() ? listed.position(i + 1) - base : recorded.segmentSize();
      damage.add(
          new LogDamage(
              segment,
              offset,
              end,
              listed.persistenceId(i),
              listed.firstSequenceNr(i),
              listed.lastSequenceNr(i),
              "frame of events "
                  + listed.firstSequenceNr(i)
                  + ".."
                  + listed.lastSequenceNr(i)
                  + " listed by sidecar "
                  + SegmentNames.sidecarFileName(base)
                  + (offset >= size
                      ? " lies past the end of the segment, which has "
                          + size
                          + " of its "
                          + recorded.segmentSize()
                          + " bytes"
                      : " is damaged" + scanFinding(scanDamage, offset, end))));
    }
    return damage;
  }

  /** What the scan said about the damaged bytes overlapping {@code [offset, end)}, if anything. */
  private static String scanFinding(List<LogDamage> scanDamage, long offset, long end) {
    for (var d : scanDamage) {
      if (d.offset() < end && offset < d.end()) {
        return ": " + d.reason();
      }
    }
    return "";
  }

  /** The listed frames that {@code scanned} found intact, in file order. */
  static SegmentEntries intact(SegmentEntries scanned, SidecarIndex.Contents recorded) {
    var found = keys(scanned);
    var listed = recorded.entries();
    var kept = new SegmentEntries();
    for (int i = 0; i < listed.size(); i++) {
      if (found.contains(key(listed, i))) {
        kept.add(
            listed.persistenceId(i),
            listed.position(i),
            listed.firstSequenceNr(i),
            listed.lastSequenceNr(i));
      }
    }
    return kept;
  }

  private static Set<String> keys(SegmentEntries entries) {
    var keys = new HashSet<String>();
    for (int i = 0; i < entries.size(); i++) {
      keys.add(key(entries, i));
    }
    return keys;
  }

  private static String key(SegmentEntries entries, int i) {
    return entries.position(i)
        + "/"
        + entries.persistenceId(i)
        + "/"
        + entries.firstSequenceNr(i)
        + "/"
        + entries.lastSequenceNr(i);
  }
}
