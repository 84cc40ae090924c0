package io.interstice.journal.log;

import java.nio.file.Path;
import java.util.List;

/**
 * What scanning one segment file found.
 *
 * @param file the segment
 * @param header its decoded header
 * @param fileSize size of the file when it was scanned
 * @param validEnd offset just past the last valid frame that precedes any torn tail
 * @param tornTail true when the file ends in an incomplete frame (never acknowledged)
 * @param frameCount number of valid frames
 * @param damage mid-file damage, in file order (empty for a healthy segment)
 */
public record SegmentScan(
    Path file,
    SegmentHeader header,
    long fileSize,
    long validEnd,
    boolean tornTail,
    int frameCount,
    List<LogDamage> damage) {
  public boolean healthy() {
    return damage.isEmpty() && !tornTail;
  }
}
