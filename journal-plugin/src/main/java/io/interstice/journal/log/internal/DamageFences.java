package io.interstice.journal.log.internal;

import io.interstice.journal.log.LogDamage;
import io.interstice.journal.log.SegmentNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * The sequence numbers a recovery that accepts losing damaged frames must record as holes, so that
 * no id's highest sequence number drops below one that was acknowledged and no writer reuses a
 * number, and so that the gaps the loss leaves are explained to every later replay.
 *
 * <ul>
 *   <li>Damage whose owner and sequence numbers are known (a frame a verified sidecar or the index
 *       lists): exactly those numbers.
 *   <li>Damage whose owner is unknown: any id could have lost frames there. For an id that has a
 *       frame with a higher number after the damage, whatever it lost lies between its last number
 *       before the damage and its first number after it: that gap becomes the hole. An id with no
 *       such frame may have lost its newest events anywhere from the damage to the end of its
 *       segment (a copied block can leave valid-looking old frames in between), of which those
 *       bytes can hold at most {@code bytes / MIN_EVENT_BYTES}; its highest number is fenced that
 *       far past the last one left. Everything is computed from what lies before the damage and the
 *       segment's size, so opening the same damaged log again records nothing new.
 * </ul>
 *
 * <p>Not thread-safe; used once by whoever accepts a loss (opening a log, or repair).
 */
final class DamageFences {
  /**
   * Fewest bytes one event takes in a frame: sequence number and timestamp (8 each), serializer id
   * (4), three empty strings (2 each) and an empty payload's length (4).
   */
  static final int MIN_EVENT_BYTES = 8 + 8 + 4 + 3 * 2 + 4;

  private final LogIndex index;
  private final NavigableMap<Long, Segment> segments;
  private final DeletionState deletions;
  private final Set<String> ids = new HashSet<>();
  private final Map<String, List<long[]>> holes = new HashMap<>();

  /**
   * Fences over a log whose intact frames are {@code index} in {@code segments}; {@code claimed}
   * are ids the log may have written besides those its frames and deletions name.
   */
  DamageFences(
      LogIndex index,
      NavigableMap<Long, Segment> segments,
      DeletionState deletions,
      Set<String> claimed) {
    this.index = index;
    this.segments = segments;
    this.deletions = deletions;
    ids.addAll(claimed);
    ids.addAll(deletions.persistenceIds());
    ids.addAll(index.persistenceIds());
  }

  /** The holes collected so far, per id. */
  Map<String, List<long[]>> holes() {
    return holes;
  }

  /** Adds the holes of losing every one of {@code damage}. */
  DamageFences lose(List<LogDamage> damage) {
    for (var d : damage) {
      if (d.sequenceNrsKnown()) {
        add(d.persistenceId(), d.firstSequenceNr(), d.lastSequenceNr());
      } else {
        loseUnowned(d);
      }
    }
    return this;
  }

  private void loseUnowned(LogDamage d) {
    long position = positionOf(d);
    long reach = Math.max(d.end() - d.offset(), segmentEnd(position) - position);
    long bound = Math.max(1, (Math.max(reach, 0) + MIN_EVENT_BYTES - 1) / MIN_EVENT_BYTES);
    for (var id : ids) {
      if (d.persistenceId() != null && !d.persistenceId().equals(id)) {
        continue;
      }
      long last = highestBefore(id, position);
      long next = index.firstAbove(id, position, last);
      if (next != Long.MAX_VALUE) {
        if (next > last + 1) {
          add(id, last + 1, next - 1);
        }
      } else {
        add(id, last + 1, last + bound);
      }
    }
  }

  /**
   * Adds the holes of cutting the log at log position {@code position} (truncate-after-corruption):
   * an id with frames after the cut loses every number from just past its last remaining one up to
   * the highest it had.
   */
  DamageFences cutAt(long position) {
    for (var id : index.persistenceIds()) {
      long last = highestBefore(id, position);
      if (index.hasFrameAtOrAfter(id, position) && index.highestSequenceNr(id) > last) {
        add(id, last + 1, index.highestSequenceNr(id));
      }
    }
    return this;
  }

  private long highestBefore(String id, long position) {
    return Math.max(index.highestBefore(id, position), deletions.highestSequenceNr(id));
  }

  /** Log position where the segment holding {@code position} ends; the position when unknown. */
  private long segmentEnd(long position) {
    var segment = segments.floorEntry(position);
    return segment == null ? position : segment.getValue().end();
  }

  /** Log position of the damage: the base of its segment (from the file name) plus its offset. */
  static long positionOf(LogDamage d) {
    var base = SegmentNames.segmentBase(d.file().getFileName().toString());
    return (base.isPresent() ? base.getAsLong() : 0) + d.offset();
  }

  private void add(String id, long first, long last) {
    holes.computeIfAbsent(id, k -> new ArrayList<>()).add(new long[] {first, last});
  }
}
