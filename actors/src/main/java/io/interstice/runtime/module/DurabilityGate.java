package io.interstice.runtime.module;

import io.interstice.journal.DurabilityWatch;
import io.interstice.runtime.module.ModuleActor.Command;
import io.interstice.runtime.module.ModuleActor.ForceFailed;
import io.interstice.runtime.module.ModuleActor.Forced;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Holds back what a module actor shows of its state until that state is forced in the log. With
 * pipelined writes the journal acknowledges a batch's write once it is queued, before its force
 * (see {@link DurabilityWatch}), so that the next batch runs during the force; everything that
 * shows the batch (answers to its callers, live updates, deliveries to other modules, reads of the
 * state that includes it) is handed to {@link #afterForce} and runs, in the order given, once the
 * journal reports the force of the highest sequence number written when it was handed over. With a
 * journal that acknowledges only forced writes (the Pekko in-memory journal, or the binary log with
 * {@code pipelined-writes = off}) nothing is pending, and everything runs at once.
 *
 * <p>If the write is lost instead, the held work is dropped and each one's {@code lost} part runs
 * (its callers hear the call was not durable); the actor then restarts from its log.
 *
 * <p>Not thread-safe: confined to the module actor's thread. The watch's listener only tells the
 * actor ({@link Forced}, {@link ForceFailed}), from the log's writer thread.
 */
final class DurabilityGate {
  /** Work held until the events up to {@code sequenceNr} are forced. */
  private record Held(long sequenceNr, Runnable then, Runnable lost) {}

  private final ArrayDeque<Held> held = new ArrayDeque<>();
  private final DurabilityWatch watch;
  private final LongSupplier written;
  private long lastWritten;

  /** Held work running now: what it starts (a delivery of its batch) runs at once with it. */
  private int releasing;

  /**
   * A gate for the actor {@code self}, which tells itself the journal's reports; {@code written}
   * gives the highest sequence number the actor has written (and had acknowledged) so far.
   */
  DurabilityGate(ActorRef<Command> self, LongSupplier written) {
    this.written = written;
    this.watch =
        new DurabilityWatch(
            new DurabilityWatch.Listener() {
              @Override
              public void forced(long sequenceNr) {
                self.tell(new Forced(DurabilityGate.this, sequenceNr));
              }

              @Override
              public void failed(Throwable cause) {
                self.tell(new ForceFailed(DurabilityGate.this, cause));
              }
            });
  }

  /** What the actor registers with the journal. */
  DurabilityWatch watch() {
    return watch;
  }

  /**
   * Runs {@code then} once everything written so far is forced: now, if it is; otherwise after the
   * work held before it. If the write is lost, {@code lost} runs instead.
   */
  void afterForce(Runnable then, Runnable lost) {
    if (releasing > 0) {
      then.run();
      return;
    }
    long sequenceNr = written();
    if (held.isEmpty() && !watch.pending(sequenceNr)) {
      run(then);
      return;
    }
    held.add(new Held(sequenceNr, then, lost));
  }

  /**
   * The highest sequence number written so far; outside the persistence handlers (where Pekko
   * cannot tell it) the last one seen, which is the same, since only those handlers write.
   */
  private long written() {
    try {
      lastWritten = written.getAsLong();
    } catch (IllegalStateException e) {
      // Asked outside a command, event or signal handler: nothing was written since.
    }
    return lastWritten;
  }

  /** Whether nothing is held. */
  boolean idle() {
    return held.isEmpty();
  }

  /** The journal reported a force: runs the held work it covers, in order. */
  void onForced(Forced forced) {
    if (forced.gate() != this) {
      return; // a report for an earlier incarnation of the actor
    }
    watch.heard();
    while (!held.isEmpty() && !watch.pending(held.peek().sequenceNr())) {
      run(held.poll().then());
    }
  }

  /**
   * The journal reported a lost write: the held work is dropped (each one's {@code lost} runs).
   * Returns whether the report is this incarnation's, which must then restart from its log.
   */
  boolean onFailed(ForceFailed failed) {
    if (failed.gate() != this) {
      return false;
    }
    dropAll();
    return true;
  }

  /** The actor stops or restarts: nothing held will be shown; each one's {@code lost} runs. */
  void dropAll() {
    while (!held.isEmpty()) {
      held.poll().lost().run();
    }
  }

  private void run(Runnable work) {
    releasing++;
    try {
      work.run();
    } finally {
      releasing--;
    }
  }
}
