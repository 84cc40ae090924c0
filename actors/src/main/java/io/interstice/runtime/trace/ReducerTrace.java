package io.interstice.runtime.trace;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The opt-in reducer trace: off unless a recording runs ({@code POST /v1/trace}), and then the
 * module actors of this JVM add a {@link CallSpan} per call to it. When off, a batch pays one
 * volatile read ({@link #recording()}) and nothing else. One recording at a time: a JVM that hosts
 * several nodes (tests) records them all in it. Thread-safe.
 */
public final class ReducerTrace {
  private static final AtomicReference<TraceRecording> CURRENT = new AtomicReference<>();

  private ReducerTrace() {}

  /** The recording in progress, or null when tracing is off. */
  public static TraceRecording recording() {
    return CURRENT.get();
  }

  /**
   * Starts a recording of at most {@code maxSpans} calls.
   *
   * @throws IntersticeException (unavailable) when one is already running
   */
  public static TraceRecording start(int maxSpans) {
    var recording = new TraceRecording(maxSpans);
    if (!CURRENT.compareAndSet(null, recording)) {
      throw new IntersticeException(
          ErrorKind.UNAVAILABLE, "a trace is already being recorded on this node; try again later");
    }
    return recording;
  }

  /** Ends {@code recording}: later calls are no longer traced. */
  public static void stop(TraceRecording recording) {
    CURRENT.compareAndSet(recording, null);
  }
}
