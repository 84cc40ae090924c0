package io.interstice.journal.log;

import java.util.List;
import java.util.Map;

/**
 * What recovering a log found: the one report of opening a log for writing, reading another node's
 * log, and verifying one offline ({@code interstice log verify}). Immutable (the hole ranges are
 * arrays nobody changes).
 *
 * @param segments every segment file, in log order, as found (size before any truncation)
 * @param frames intact frames recovered: read by a scan, or listed by a verified sidecar
 * @param events events in those frames; a frame known only from its sidecar counts {@code last -
 *     first + 1} (the sequence numbers of one atomic write are contiguous)
 * @param bytesTruncated bytes cut from the log: a torn final frame, a segment whose header was
 *     never completely written and, in {@link RecoveryMode#TRUNCATE_AFTER_CORRUPTION}, everything
 *     from the first damage on. A recovery that changes nothing reports the torn tail opening would
 *     cut.
 * @param damage every damaged region found, in log order: bad frames, frames a sidecar lists that
 *     are lost, lost segments and lost tails (see {@link LogDamage})
 * @param holes sequence numbers a lenient recovery mode recorded as holes because the damage may
 *     have held them (the fences), per persistence id, each {@code [first, last]}; empty otherwise
 * @param warnings benign findings worth a look: torn tails, missing or broken sidecars
 */
public record RecoveryReport(
    List<SegmentInfo> segments,
    long frames,
    long events,
    long bytesTruncated,
    List<LogDamage> damage,
    Map<String, List<long[]>> holes,
    List<String> warnings) {
  public RecoveryReport {
    segments = List.copyOf(segments);
    damage = List.copyOf(damage);
    holes = Map.copyOf(holes);
    warnings = List.copyOf(warnings);
  }

  /** Bytes of every segment file, as found. */
  public long bytes() {
    return segments.stream().mapToLong(SegmentInfo::size).sum();
  }

  /**
   * True when nothing needs an operator: no damage (a torn tail or a missing sidecar is benign).
   */
  public boolean healthy() {
    return damage.isEmpty();
  }
}
