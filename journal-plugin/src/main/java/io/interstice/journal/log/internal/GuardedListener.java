package io.interstice.journal.log.internal;

import io.interstice.journal.log.LogListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writer's view of a {@link LogListener}: whatever the listener throws is logged and dropped,
 * because the writer reports in the middle of its write path (after a force, before the frames are
 * indexed), where an exception would leave the log's files and index out of step.
 *
 * <p>Thread-safety: as the listener it wraps; used by the writer thread only.
 */
final class GuardedListener implements LogListener {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedListener.class);

  private final String logId;
  private final LogListener listener;

  GuardedListener(String logId, LogListener listener) {
    this.logId = logId;
    this.listener = listener;
  }

  @Override
  public void appended(int frames, long bytes) {
    try {
      listener.appended(frames, bytes);
    } catch (RuntimeException e) {
      LOG.warn("log {}: listener {} failed", logId, listener, e);
    }
  }

  @Override
  public void forced(long nanos) {
    try {
      listener.forced(nanos);
    } catch (RuntimeException e) {
      LOG.warn("log {}: listener {} failed", logId, listener, e);
    }
  }
}
