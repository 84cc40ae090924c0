package io.interstice.journal.log;

/**
 * What a node log's writer reports about its work, for whoever measures it (the runtime's metrics):
 * one call per group commit and one per force, never one per frame, so that the journal needs to
 * know nothing of how the figures are kept. A log without a listener uses {@link #NONE}.
 *
 * <p>Thread-safety: called on the log's writer thread, from its write path. An implementation must
 * be cheap and must not block; what it throws is logged and otherwise ignored, so a faulty listener
 * never fails a write.
 */
public interface LogListener {
  /** Hears nothing. */
  LogListener NONE = new LogListener() {};

  /**
   * A group commit appended {@code frames} frames of {@code bytes} bytes in all: written, and
   * forced when the fsync policy is {@code always}. Called once the writers of its frames have been
   * told.
   */
  default void appended(int frames, long bytes) {}

  /** The active segment was forced ({@code fsync}); the force took {@code nanos}. */
  default void forced(long nanos) {}
}
