package io.interstice.journal.log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sequence numbers a recovery that accepts losing damaged frames must record as holes, so that
 * no id's highest sequence number drops below one that was acknowledged and no writer reuses a
 * number, and so that the gaps the loss leaves are explained to every later replay.
 *
 * <ul>
 *   <li>Damage whose owner and sequence numbers are known (a frame a verified sidecar or the index
 *       lists): exactly those numbers.
 *   <li>Damage whose owner is unknown: any id could have lost frames there. An id that has a frame
 *       after the damage keeps a highest number above anything lost, and its gap is reported at
 *       replay. An id with no later frame may have lost its newest events, of which the damaged
 *       bytes can hold at most {@code bytes / MIN_EVENT_BYTES}; its highest number is fenced that
 *       far past the last one left. The fence is computed from what lies before the damage only, so
 *       opening the same damaged log again computes the same holes.
 * </ul>
 *
 * <p>Stateless.
 */
final class DamageFences {
  /**
   * Fewest bytes one event takes in a frame: sequence number and timestamp (8 each), serializer id
   * (4), three empty strings (2 each) and an empty payload's length (4).
   */
  static final int MIN_EVENT_BYTES = 8 + 8 + 4 + 3 * 2 + 4;

  private DamageFences() {}

  /**
   * Holes for {@code damage} over a log whose intact frames are in {@code index}; {@code knownIds}
   * are every other id the log may have written (claimed in histories, recorded in deletions).
   *
   * @param highestBefore the highest sequence number of an id among frames positioned before a log
   *     position (0 when none)
   */
  static Map<String, List<long[]>> holes(
      List<LogDamage> damage, LogIndex index, Set<String> knownIds, HighestBefore highestBefore) {
    var holes = new HashMap<String, List<long[]>>();
    var ids = new HashSet<>(knownIds);
    ids.addAll(index.persistenceIds());
    for (var d : damage) {
      if (d.sequenceNrsKnown()) {
        add(holes, d.persistenceId(), d.firstSequenceNr(), d.lastSequenceNr());
        continue;
      }
      long position = positionOf(d);
      long bound =
          Math.max(1, (Math.max(d.end() - d.offset(), 0) + MIN_EVENT_BYTES - 1) / MIN_EVENT_BYTES);
      for (var id : ids) {
        if (d.persistenceId() != null && !d.persistenceId().equals(id)) {
          continue;
        }
        long last = highestBefore.highest(id, position);
        if (index.hasFrameAtOrAfter(id, position)) {
          // Whatever the id lost lies between its frames on either side of the damage.
          long next = index.firstAbove(id, position, last);
          if (next != Long.MAX_VALUE && next > last + 1) {
            add(holes, id, last + 1, next - 1);
          }
          continue;
        }
        add(holes, id, last + 1, last + bound);
      }
    }
    return holes;
  }

  /**
   * Holes for cutting the log at the first of {@code damage} (recovery mode
   * truncate-after-corruption): all of the damage is lost, as {@link #holes} says, and every id
   * loses everything from the cut on: an id with frames after it gets a hole from just past its
   * last remaining number up to the highest it had (which is above anything the damage held).
   */
  static Map<String, List<long[]>> holesForCut(
      List<LogDamage> damage, LogIndex index, Set<String> knownIds, HighestBefore highestBefore) {
    var holes = holes(damage, index, knownIds, highestBefore);
    var first = damage.get(0);
    long position = positionOf(first);
    long bound =
        Math.max(
            1, (Math.max(first.end() - first.offset(), 0) + MIN_EVENT_BYTES - 1) / MIN_EVENT_BYTES);
    for (var id : index.persistenceIds()) {
      if (index.hasFrameAtOrAfter(id, position)) {
        long last = highestBefore.highest(id, position);
        add(holes, id, last + 1, Math.max(index.highestSequenceNr(id), last + bound));
      }
    }
    return holes;
  }

  /** Log position of the damage: the base of its segment (from the file name) plus its offset. */
  static long positionOf(LogDamage d) {
    var base = SegmentNames.segmentBase(d.file().getFileName().toString());
    return (base.isPresent() ? base.getAsLong() : 0) + d.offset();
  }

  private static void add(Map<String, List<long[]>> holes, String id, long first, long last) {
    holes.computeIfAbsent(id, k -> new ArrayList<>()).add(new long[] {first, last});
  }

  /** The highest sequence number of an id among its frames before a log position. */
  @FunctionalInterface
  interface HighestBefore {
    long highest(String persistenceId, long position);
  }
}
