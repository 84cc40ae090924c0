package io.interstice.runtime;

import io.interstice.journal.log.LogDamage;
import java.util.List;

/**
 * What a node knows about the health of its log: damage found when the log opened, by replays
 * since, and by the background scrub of sealed segments and snapshots.
 *
 * @param damage every damaged region found so far, each with file, offset and, when known for
 *     certain, the persistence id it belonged to
 * @param scrubPasses completed scrub passes since the node started
 * @param scrubDamageFound distinct damaged regions the scrub has found (a counter for metrics)
 * @param scrubBytesRead bytes the scrub has read and verified
 */
public record LogHealth(
    List<LogDamage> damage, long scrubPasses, long scrubDamageFound, long scrubBytesRead) {
  /** True when no damage of any kind has been found. */
  public boolean healthy() {
    return damage.isEmpty();
  }
}
