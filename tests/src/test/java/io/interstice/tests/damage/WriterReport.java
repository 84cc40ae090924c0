package io.interstice.tests.damage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a {@link DamageWriter} reported before it was killed: per persistence id, the acknowledged
 * events with their texts, and the snapshots and deletions Pekko confirmed. This is what recovery
 * owes, whatever the damage.
 *
 * <p>Immutable once parsed.
 */
final class WriterReport {
  private static final Pattern ACK = Pattern.compile(DamageWriter.ACK + " (\\S+) (\\d+) (\\S+)");
  private static final Pattern CONFIRMED =
      Pattern.compile("(" + DamageWriter.SNAP + "|" + DamageWriter.DELETED + ") (\\S+) (\\d+)");

  /**
   * What one id was acknowledged.
   *
   * @param acked acknowledged events, text by sequence number
   * @param snapshots sequence numbers of the snapshots confirmed saved
   * @param deletions sequence numbers up to which deletion was confirmed
   */
  record IdReport(
      String persistenceId,
      NavigableMap<Long, String> acked,
      List<Long> snapshots,
      List<Long> deletions) {
    /** Highest acknowledged sequence number; 0 when nothing was. */
    long highestAcked() {
      return acked.isEmpty() ? 0 : acked.lastKey();
    }

    /** Command number of the last acknowledged atomic write; 0 when nothing was. */
    int lastAckedCommand() {
      return acked.isEmpty()
          ? 0
          : EventText.parse(acked.lastEntry().getValue()).orElseThrow().command();
    }
  }

  private final List<String> lines;
  private final Map<String, IdReport> byId;

  private WriterReport(List<String> lines, Map<String, IdReport> byId) {
    this.lines = lines;
    this.byId = byId;
  }

  /**
   * Parses the writer's stdout for the ids {@code ids}.
   *
   * @throws IllegalStateException for a line the writer never prints, or an acknowledgement that
   *     contradicts the writer's own text format (the oracle would be wrong)
   */
  static WriterReport parse(List<String> lines, List<String> ids) {
    var acked = new LinkedHashMap<String, NavigableMap<Long, String>>();
    var snapshots = new LinkedHashMap<String, List<Long>>();
    var deletions = new LinkedHashMap<String, List<Long>>();
    for (var id : ids) {
      acked.put(id, new TreeMap<>());
      snapshots.put(id, new ArrayList<>());
      deletions.put(id, new ArrayList<>());
    }
    for (var line : lines) {
      var ack = ACK.matcher(line);
      var confirmed = CONFIRMED.matcher(line);
      if (line.equals(DamageWriter.READY)) {
        continue;
      } else if (ack.matches() && acked.containsKey(ack.group(1))) {
        long seq = Long.parseLong(ack.group(2));
        if (!EventText.belongsAt(ack.group(3), ack.group(1), seq)
            || acked.get(ack.group(1)).put(seq, ack.group(3)) != null) {
          throw new IllegalStateException("acknowledgement contradicts the writer: " + line);
        }
      } else if (confirmed.matches() && acked.containsKey(confirmed.group(2))) {
        var target = confirmed.group(1).equals(DamageWriter.SNAP) ? snapshots : deletions;
        target.get(confirmed.group(2)).add(Long.parseLong(confirmed.group(3)));
      } else {
        throw new IllegalStateException("not a line the writer prints: " + line);
      }
    }
    var byId = new LinkedHashMap<String, IdReport>();
    for (var id : ids) {
      var seqs = acked.get(id).navigableKeySet();
      if (!seqs.isEmpty() && (seqs.first() != 1 || seqs.last() != seqs.size())) {
        // The judge takes every number up to the highest acknowledged one as acknowledged.
        throw new IllegalStateException(id + " was acknowledged with gaps: " + seqs);
      }
      byId.put(
          id,
          new IdReport(
              id,
              Collections.unmodifiableNavigableMap(acked.get(id)),
              List.copyOf(snapshots.get(id)),
              List.copyOf(deletions.get(id))));
    }
    return new WriterReport(List.copyOf(lines), Collections.unmodifiableMap(byId));
  }

  /** The ids, in the writer's order. */
  List<String> persistenceIds() {
    return List.copyOf(byId.keySet());
  }

  IdReport of(String persistenceId) {
    return byId.get(persistenceId);
  }

  /** The lines this report was parsed from, to keep next to a data directory. */
  List<String> lines() {
    return lines;
  }

  int ackedEvents() {
    return byId.values().stream().mapToInt(r -> r.acked().size()).sum();
  }

  int snapshots() {
    return byId.values().stream().mapToInt(r -> r.snapshots().size()).sum();
  }

  int deletions() {
    return byId.values().stream().mapToInt(r -> r.deletions().size()).sum();
  }
}
