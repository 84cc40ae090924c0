package io.interstice.journal.log.internal;

import io.interstice.journal.log.Frame;
import io.interstice.journal.log.LogDamage;
import io.interstice.journal.log.RecoveryReport;
import io.interstice.journal.log.SegmentInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a recovery has found so far, filled in as it goes and turned into a {@link RecoveryReport}
 * at the end; its observers hear of each segment before it is read and of each intact frame read.
 *
 * <p>Not thread-safe: confined to the thread that recovers.
 */
final class RecoveryTally {
  private final Consumer<Frame> frameObserver;
  private final Consumer<SegmentInfo> segmentObserver;
  final List<SegmentInfo> segments = new ArrayList<>();
  final List<LogDamage> damage = new ArrayList<>();
  final List<String> warnings = new ArrayList<>();
  long frames;
  long events;
  long bytesTruncated;
  Map<String, List<long[]>> holes = Map.of();

  RecoveryTally(Consumer<Frame> frameObserver, Consumer<SegmentInfo> segmentObserver) {
    this.frameObserver = frameObserver;
    this.segmentObserver = segmentObserver;
  }

  /** A segment file found, about to be read. */
  void segment(SegmentInfo info) {
    segments.add(info);
    segmentObserver.accept(info);
  }

  /** An intact frame read by a scan. */
  void frame(Frame frame) {
    frames++;
    events += frame.events().size();
    frameObserver.accept(frame);
  }

  /** Frames known only from a verified sidecar. */
  void listed(SegmentEntries entries) {
    frames += entries.size();
    for (int i = 0; i < entries.size(); i++) {
      events += entries.lastSequenceNr(i) - entries.firstSequenceNr(i) + 1;
    }
  }

  /** Forgets the segments and frames found, before the log is loaded again after a cut. */
  void forgetContents() {
    segments.clear();
    frames = 0;
    events = 0;
  }

  RecoveryReport report() {
    return new RecoveryReport(segments, frames, events, bytesTruncated, damage, holes, warnings);
  }
}
