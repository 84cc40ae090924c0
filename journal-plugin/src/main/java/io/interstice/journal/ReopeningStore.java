package io.interstice.journal;

import io.interstice.journal.log.JournalStore;
import io.interstice.journal.log.LogListener;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's {@link JournalStore}, reopened after its own log stopped: a failed force makes the
 * log refuse every append ({@link LogStoppedException}) until it is opened again and has read its
 * files afresh. The reopen happens at the next operation of any kind, so a persistent actor that
 * recovers after its write failed reads the log as the files now hold it, and writes after it. When
 * reopening fails (the disk is still failing), that operation fails and the next one tries again.
 *
 * <p>Thread-safety: any thread; reopening is serialised by this object's monitor. An operation that
 * still runs on the stopped store when it is closed (a replay on another thread) fails with an I/O
 * error; its persistent actor stops and recovers at its next use, as after any journal failure.
 */
final class ReopeningStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReopeningStore.class);

  private final JournalSettings settings;
  private final LogListener listener;
  private final Supplier<WriteFence> fence;
  private volatile JournalStore store;
  private volatile JournalStore stopped;
  private boolean closed;

  /**
   * A store not yet opened ({@link #openFirst}); it and every reopened one report their writes to
   * {@code listener} and obey the fence {@code fence} gives at each operation.
   */
  ReopeningStore(JournalSettings settings, LogListener listener, Supplier<WriteFence> fence) {
    this.settings = settings;
    this.listener = listener;
    this.fence = fence;
  }

  /**
   * Opens the log for the first time; returns why it cannot be opened, or null. A log that does not
   * open is tried again at each operation, which fails with the same error until it opens.
   */
  synchronized RuntimeException openFirst() {
    try {
      store = open();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private JournalStore open() {
    return JournalStore.builder(settings.dataDir(), settings.logId())
        .settings(settings.log())
        .listener(listener)
        .fence(fence)
        .open();
  }

  /** The store to use now, reopened first if its log stopped. */
  JournalStore current() {
    var current = store;
    if (current != null && current != stopped) {
      return current;
    }
    synchronized (this) {
      if (closed) {
        throw new JournalIoException("the journal of log " + settings.logId() + " is closed");
      }
      if (store != null && store == stopped) {
        LOG.warn("log {} stopped; reopening it", settings.logId());
        store.close();
        store = null;
      }
      if (store == null) {
        boolean reopening = stopped != null;
        store = open();
        if (reopening) {
          LOG.warn("log {} reopened; appends are accepted again", settings.logId());
        }
      }
      return store;
    }
  }

  /** The store in use now, without reopening it; null while a reopen has not yet succeeded. */
  JournalStore inUse() {
    return store;
  }

  /** Notes how an append to {@code target} ended; a stopped log is reopened before the next use. */
  void appended(JournalStore target, Throwable error) {
    var cause =
        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof LogStoppedException && stopped != target) {
      LOG.error("{}; the journal reopens it at its next operation", cause.getMessage());
      stopped = target;
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (store != null) {
      store.close();
    }
  }
}
