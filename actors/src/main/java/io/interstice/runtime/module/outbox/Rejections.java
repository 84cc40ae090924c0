package io.interstice.runtime.module.outbox;

import io.interstice.runtime.module.code.BoundedText;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The producer's log of rejected messages — sent to a module that is not deployed, say — by burst
 * rather than by message: the first rejection from a target is logged as an error, later ones with
 * the same reason are counted and summed up in one line at most once per {@code summaryTicks}, and
 * the burst ends once the target accepts a message or has rejected nothing for {@code
 * summaryTicks}. A module calling a missing one in a fast loop so leaves a few lines a minute in
 * the node's log, not one per call. The messages themselves are dropped for good either way.
 *
 * <p>Not thread-safe: confined to the module actor's thread.
 */
public final class Rejections {
  private final String module;
  private final Logger log;
  private final long summaryTicks;
  private final int maxReason;
  private final Map<String, Burst> bursts = new HashMap<>();

  /** Rejections from one target with one reason: how many are not logged yet, and how recent. */
  private static final class Burst {
    final String reason;
    long unlogged;
    long through;
    long ticksSinceLogged;
    long quietTicks;

    Burst(String reason, long through) {
      this.reason = reason;
      this.through = through;
    }
  }

  /**
   * @param summaryTicks ticks between two lines about one burst, and of quiet that end it
   * @param maxReason characters of a reason logged (the target wrote it)
   */
  public Rejections(String module, Logger log, long summaryTicks, int maxReason) {
    this.module = module;
    this.log = log;
    this.summaryTicks = summaryTicks;
    this.maxReason = maxReason;
  }

  /** The target dropped the messages up to {@code upTo} for {@code reason}. */
  public void rejected(String target, long upTo, String reason) {
    var cut = BoundedText.cut(reason, maxReason);
    var burst = bursts.get(target);
    if (burst != null && burst.reason.equals(cut)) {
      burst.unlogged++;
      burst.through = Math.max(burst.through, upTo);
      burst.quietTicks = 0;
      return;
    }
    if (burst != null) {
      summarize(target, burst);
    }
    log.error(
        "module {}: messages to {} up to #{} are dropped: {} (further rejections from {} are"
            + " summed up)",
        module,
        target,
        upTo,
        cut,
        target);
    bursts.put(target, new Burst(cut, upTo));
  }

  /** The target accepted a message: a burst of rejections from it is over. */
  public void accepted(String target) {
    var burst = bursts.remove(target);
    if (burst != null) {
      summarize(target, burst);
    }
  }

  /** Sums up bursts that have gone on for a while, and ends the quiet ones. */
  public void tick() {
    for (Iterator<Map.Entry<String, Burst>> it = bursts.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      var burst = entry.getValue();
      burst.ticksSinceLogged++;
      burst.quietTicks++;
      if (burst.quietTicks >= summaryTicks) {
        summarize(entry.getKey(), burst);
        it.remove();
      } else if (burst.ticksSinceLogged >= summaryTicks) {
        summarize(entry.getKey(), burst);
      }
    }
  }

  private void summarize(String target, Burst burst) {
    if (burst.unlogged > 0) {
      log.error(
          "module {}: {} more messages to {}, up to #{}, were dropped: {}",
          module,
          burst.unlogged,
          target,
          burst.through,
          burst.reason);
    }
    burst.unlogged = 0;
    burst.ticksSinceLogged = 0;
  }
}
