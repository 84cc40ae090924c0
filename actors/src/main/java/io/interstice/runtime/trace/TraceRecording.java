package io.interstice.runtime.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One recording of the reducer trace: the spans of the calls that finished while it ran, at most
 * {@code maxSpans} of them (later ones are counted as dropped, so memory stays bounded).
 * Thread-safe: the module actors of a node add to it concurrently.
 */
public final class TraceRecording {
  private final int maxSpans;
  private final long startedNanos = System.nanoTime();
  private final ConcurrentLinkedQueue<CallSpan> spans = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final ConcurrentLinkedQueue<long[]> forces = new ConcurrentLinkedQueue<>();
  private final AtomicInteger forceCount = new AtomicInteger();

  TraceRecording(int maxSpans) {
    this.maxSpans = maxSpans;
  }

  /** Adds a finished call, or counts it as dropped when the recording is full. */
  public void add(CallSpan span) {
    if (size.incrementAndGet() > maxSpans) {
      size.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    spans.add(span);
  }

  /**
   * The journal forced its log from {@code start} to {@code end} ({@link System#nanoTime()}): the
   * force stage of the calls whose batch write it made durable. At most {@code maxSpans} are kept.
   */
  public void forced(long start, long end) {
    if (forceCount.incrementAndGet() > maxSpans) {
      forceCount.decrementAndGet();
      return;
    }
    forces.add(new long[] {start, end});
  }

  /** The forces recorded, as {@code [start, end]} pairs in the order they ended. */
  public List<long[]> forces() {
    return new ArrayList<>(forces);
  }

  /** The {@link System#nanoTime()} at which the recording started: time 0 of its export. */
  public long startedNanos() {
    return startedNanos;
  }

  public List<CallSpan> spans() {
    return new ArrayList<>(spans);
  }

  /** Calls left out because the recording was full. */
  public long dropped() {
    return dropped.get();
  }
}
