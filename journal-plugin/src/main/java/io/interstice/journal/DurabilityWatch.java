package io.interstice.journal;

import java.util.Objects;

/**
 * What a persistent actor registers ({@link JournalRegistry#watch}) to have its writes acknowledged
 * as soon as they are queued in log order, before they are forced, and to hear separately when they
 * are forced: the binary-log journal (with {@code pipelined-writes = on}) then acknowledges a write
 * of the watched id once nothing but the force can still fail it, and reports through {@link
 * Listener} "durable up to sequence number N" or "failed". An id nobody watches is acknowledged
 * only once forced, as by any journal; so is every id of a journal that gives no such reports (the
 * Pekko in-memory journal), for which {@link #pending} is always false.
 *
 * <p>A watch belongs to one incarnation of its actor: a restarted actor registers a new one, and
 * reports for writes of the old one go to the old one.
 *
 * <p>Thread-safety: the journal reports from its own and the log's writer thread, the actor asks
 * {@link #pending} from its own; every method is synchronized (one lock per actor, rarely
 * contended).
 */
public final class DurabilityWatch {
  /**
   * Hears of the forces of the watched id's early-acknowledged writes; called on the log's writer
   * thread, so it must only hand the news on (an actor tells itself), never block or touch the
   * actor's state.
   */
  public interface Listener {
    /**
     * Every write of the id up to {@code sequenceNr} is forced. Called again only after the owner
     * called {@link DurabilityWatch#heard()}: later forces meanwhile are folded into what {@link
     * DurabilityWatch#pending} answers, so a busy actor gets one report however many forces it
     * missed.
     */
    void forced(long sequenceNr);

    /**
     * A write of the id acknowledged early failed to become durable: it and every later write of
     * the id until the id recovers are lost (the journal refuses them).
     */
    void failed(Throwable cause);
  }

  private final Listener listener;
  private long acknowledgedEarly;
  private long forced;
  private Throwable failure;

  /** A {@link Listener#forced} call the owner has not yet {@link #heard()}. */
  private boolean unheard;

  public DurabilityWatch(Listener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Whether the event with {@code sequenceNr}, already acknowledged, is still waiting for its force
   * (or was lost): true only for a write this watch was told was acknowledged early and not yet
   * forced. Once it turns false, a {@link Listener#forced} call at least as high follows or came.
   */
  public synchronized boolean pending(long sequenceNr) {
    if (sequenceNr <= forced) {
      return false;
    }
    return failure != null || sequenceNr <= acknowledgedEarly;
  }

  /** The journal acknowledged the id's write up to {@code sequenceNr} before forcing it. */
  synchronized void acknowledgedEarly(long sequenceNr) {
    acknowledgedEarly = Math.max(acknowledgedEarly, sequenceNr);
  }

  /**
   * The owner got the last {@link Listener#forced} report: the next force is reported again. Call
   * it before asking {@link #pending} about what the report released.
   */
  public synchronized void heard() {
    unheard = false;
  }

  /** The id's write up to {@code sequenceNr} is forced. */
  void forced(long sequenceNr) {
    synchronized (this) {
      if (failure != null) {
        return; // nothing after a loss counts until the actor recovered with a new watch
      }
      forced = Math.max(forced, sequenceNr);
      if (unheard) {
        return; // the report on its way releases this too
      }
      unheard = true;
    }
    listener.forced(sequenceNr);
  }

  /** A write of the id failed to become durable. */
  void failed(Throwable cause) {
    synchronized (this) {
      if (failure != null) {
        return;
      }
      failure = cause;
    }
    listener.failed(cause);
  }
}
