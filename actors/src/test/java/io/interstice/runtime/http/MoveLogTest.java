package io.interstice.runtime.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The moves {@link MoveLog} infers from successive placements. */
class MoveLogTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void shouldRecordAModuleFoundOnAnotherMemberNewestFirst() {
    var log = new MoveLog(10);
    assertEquals(List.of(), log.note(Map.of("bank", "a", "chat", "a"), T0));
    assertEquals(List.of(), log.note(Map.of("bank", "a", "chat", "a"), T0.plusSeconds(1)));
    // chat stops running (absent), then comes back elsewhere: one move from where it was.
    assertEquals(List.of(), log.note(Map.of("bank", "a"), T0.plusSeconds(2)));
    var moved = log.note(Map.of("bank", "b", "chat", "b"), T0.plusSeconds(3));
    assertEquals(2, moved.size(), moved.toString());
    assertEquals(
        java.util.Set.of(
            new MoveLog.Move("bank", "a", "b", T0.plusSeconds(3)),
            new MoveLog.Move("chat", "a", "b", T0.plusSeconds(3))),
        java.util.Set.copyOf(moved));
    var back = log.note(Map.of("bank", "a", "chat", "b"), T0.plusSeconds(4));
    assertEquals(new MoveLog.Move("bank", "b", "a", T0.plusSeconds(4)), back.get(0));
    assertEquals(3, back.size());
  }

  @Test
  void shouldKeepOnlyTheNewestMoves() {
    var log = new MoveLog(3);
    List<MoveLog.Move> moves = List.of();
    for (int i = 0; i < 10; i++) {
      moves = log.note(Map.of("bank", i % 2 == 0 ? "a" : "b"), T0.plusSeconds(i));
    }
    assertEquals(3, moves.size());
    assertEquals(T0.plusSeconds(9), moves.get(0).seenAt());
    assertEquals(T0.plusSeconds(7), moves.get(2).seenAt());
  }
}
