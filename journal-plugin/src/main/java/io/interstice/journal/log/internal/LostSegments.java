package io.interstice.journal.log.internal;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.log.LogDamage;
import io.interstice.journal.log.SegmentNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.NavigableMap;

/**
 * Frames lost whole, with no damaged byte left to fail a checksum: a segment whose file is gone
 * (its sidecar or the commit mark remembers it), or one that holds fewer bytes than were forced
 * into it. What opening a log checks besides the frames themselves.
 *
 * <p>Stateless.
 */
final class LostSegments {
  private LostSegments() {}

  /**
   * A sidecar whose segment is gone. Segments are removed only after their sidecars, so the segment
   * was lost; the verified sidecar says whose frames it held.
   */
  static List<LogDamage> orphanSidecar(Path logDir, long base) {
    var path = SegmentNames.segment(logDir, base);
    var sidecar = SegmentNames.sidecar(logDir, base);
    SidecarIndex.Contents recorded;
    try {
      recorded = SidecarIndex.readContents(sidecar, base);
    } catch (CorruptLogException e) {
      return List.of(
          new LogDamage(path, 0, 0, null, "segment is missing and its sidecar is damaged too"));
    }
    var entries = recorded.entries();
    var first = new LinkedHashMap<String, Long>();
    for (int i = 0; i < entries.size(); i++) {
      first.putIfAbsent(entries.persistenceId(i), entries.firstSequenceNr(i));
    }
    var damage = new ArrayList<LogDamage>();
    for (var owner : first.entrySet()) {
      long last = entries.highestById().get(owner.getKey());
      damage.add(
          new LogDamage(
              path,
              0,
              recorded.segmentSize(),
              owner.getKey(),
              owner.getValue(),
              last,
              "segment is missing, but its sidecar "
                  + sidecar.getFileName()
                  + " lists frames of '"
                  + owner.getKey()
                  + "' with events "
                  + owner.getValue()
                  + ".."
                  + last));
    }
    return damage.isEmpty()
        ? List.of(
            new LogDamage(path, 0, 0, null, "segment is missing (its sidecar lists no frame)"))
        : damage;
  }

  /**
   * The segment the commit mark was last written in is gone and no later segment exists: the whole
   * active segment was lost with every frame forced into it.
   */
  static LogDamage missingMarkedSegment(
      Path logDir, CommitMark.Mark mark, NavigableMap<Long, Segment> found) {
    if (mark == null || found.ceilingKey(mark.base()) != null) {
      return null;
    }
    return new LogDamage(
        SegmentNames.segment(logDir, mark.base()),
        0,
        mark.end() - mark.base(),
        null,
        "segment is missing, but "
            + SegmentNames.COMMIT_FILE
            + " records frames forced into it up to log position "
            + mark.end());
  }

  /**
   * The segment the mark names is no longer the last one (a strict open that found damage started a
   * fresh segment after it) and holds fewer bytes than were forced into it. The last segment's own
   * tail is judged by {@link #loadLast}.
   */
  static LogDamage markedSegmentCut(
      CommitMark.Mark mark, NavigableMap<Long, Segment> found, long lastSegment) {
    if (mark == null || mark.base() == lastSegment) {
      return null;
    }
    var segment = found.get(mark.base());
    long committed = mark.end() - mark.base();
    if (segment == null || segment.size() >= committed) {
      return null;
    }
    return new LogDamage(
        segment.path,
        segment.size(),
        committed,
        null,
        "segment ends at offset "
            + segment.size()
            + ", but "
            + SegmentNames.COMMIT_FILE
            + " records frames forced into it up to offset "
            + committed);
  }
}
