package io.interstice.runtime.http;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The moves of modules between members that one node has seen: each time it is told where the
 * modules are, a module found on another member than the time before is a move. Keeps the newest
 * {@code capacity} moves. Thread-safe: every method holds this object's lock.
 */
final class MoveLog {
  /** A module found on {@code to} after it was on {@code from}, at {@code seenAt}. */
  record Move(String module, String from, String to, Instant seenAt) {}

  private final int capacity;
  private final Map<String, String> lastSeen = new HashMap<>();
  private final ArrayDeque<Move> moves = new ArrayDeque<>();

  MoveLog(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Notes where each module is now (module name to member address; modules not running are absent,
   * and keep the member they were last seen on); answers every remembered move, newest first.
   */
  synchronized List<Move> note(Map<String, String> placement, Instant now) {
    placement.forEach(
        (module, address) -> {
          var before = lastSeen.put(module, address);
          if (before != null && !before.equals(address)) {
            moves.addFirst(new Move(module, before, address, now));
            if (moves.size() > capacity) {
              moves.removeLast();
            }
          }
        });
    return List.copyOf(moves);
  }
}
