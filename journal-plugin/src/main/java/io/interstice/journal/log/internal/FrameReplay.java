package io.interstice.journal.log.internal;

import io.interstice.journal.CorruptLogException;
import io.interstice.journal.log.Frame;
import io.interstice.journal.log.LogDamage;
import io.interstice.journal.log.RecoveryMode;
import java.util.NavigableMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.LoggerFactory;

/** Replay of one id's frames over a segment map and its index; stateless. */
final class FrameReplay {
  private FrameReplay() {}

  /** Shared replay over a segment map and its index, applying the recovery mode to damage. */
  static void replay(
      NavigableMap<Long, Segment> segments,
      LogIndex index,
      String persistenceId,
      long fromSeq,
      long toSeq,
      RecoveryMode mode,
      Predicate<Frame> consumer,
      Consumer<LogDamage> found) {
    for (var entry : index.frames(persistenceId, fromSeq, toSeq)) {
      var segment = segments.floorEntry(entry.position());
      if (segment == null) {
        continue; // removed concurrently: every event in it was deleted
      }
      Frame frame;
      try {
        frame = segment.getValue().readFrame(entry.position());
      } catch (Segment.SegmentClosedException e) {
        if (segments.get(segment.getKey()) != segment.getValue()) {
          continue; // removed concurrently: every event in it was deleted
        }
        throw e;
      } catch (CorruptLogException e) {
        // The index put a frame of this id here, so the owner of the damage is certain.
        var damage =
            new LogDamage(
                e.file(),
                e.offset(),
                e.offset(),
                persistenceId,
                entry.firstSequenceNr(),
                entry.lastSequenceNr(),
                "frame of events "
                    + entry.firstSequenceNr()
                    + ".."
                    + entry.lastSequenceNr()
                    + " unreadable: "
                    + e.getMessage());
        found.accept(damage);
        if (mode == RecoveryMode.STRICT) {
          throw damage.toException();
        }
        LoggerFactory.getLogger(LogSource.class)
            .error("skipping damaged frame during replay ({}): {}", mode, damage);
        continue;
      }
      if (!frame.persistenceId().equals(persistenceId)) {
        throw new CorruptLogException(
            segment.getValue().path,
            entry.position() - segment.getKey(),
            persistenceId,
            "index points at a frame of '" + frame.persistenceId() + "'");
      }
      if (!consumer.test(frame)) {
        return;
      }
    }
  }
}
