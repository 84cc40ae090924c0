package io.interstice.runtime.module;

import io.interstice.runtime.module.code.LogContext;
import io.interstice.runtime.module.outbox.Outbox;
import io.interstice.runtime.module.outbox.OutboxEntry;
import io.interstice.runtime.module.outbox.SubscriptionCheck;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleState;
import io.interstice.runtime.module.state.Trigger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moving parts of a module's side of the outbox protocol that live only in memory: what has
 * been queued or durably consumed per sender, which acknowledgements still have to be logged, which
 * producers have not confirmed this module's subscriptions, and sending to other modules through
 * sharding. The durable parts (outbox, inbox, subscribers) are in {@link ModuleState}.
 *
 * <p>The protocol: a producer sends each outbox entry after the transaction that made it is
 * durable, in sequence order per target, and again while it stays unacknowledged. The consumer runs
 * entry {@code last + 1} only, as a transaction that records the entry as consumed; it drops
 * anything at or below {@code last} (answering with an acknowledgement once that consumption is
 * durable) and ignores gaps (the producer resends in order). The producer logs acknowledgements
 * lazily: a lost one only costs a resend, which the consumer drops.
 *
 * <p>Resends back off per target: while a target's oldest entry stays unacknowledged, the ticks
 * between resends to it double, from one up to a cap (max-redeliver-interval over
 * redeliver-interval), and start again at one once it moves. A target that never answers so costs a
 * logarithmic number of resends, then one per cap, however long it stays silent.
 *
 * <p>Confined to the module actor.
 */
final class Deliveries {
  /** Most entries resent to one target per tick. */
  private static final int RESEND_LIMIT = 1000;

  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);

  private final String module;
  private final BiConsumer<String, ModuleActor.Command> sender;
  private final long maxResendTicks;
  private final Map<String, Long> queuedThrough = new HashMap<>();
  private final Map<String, Long> durablyConsumed = new HashMap<>();
  private final Map<String, Long> unloggedAcks = new TreeMap<>();
  private final Map<String, Resend> resends = new HashMap<>();
  private long ticks;
  private final Set<String> unconfirmedProducers = new HashSet<>();
  private final List<Runnable> whenSubscribed = new ArrayList<>();

  /**
   * @param sender sends a command to the module of the given name
   * @param maxResendTicks the most ticks between two resends to a target that does not answer
   */
  Deliveries(String module, BiConsumer<String, ModuleActor.Command> sender, long maxResendTicks) {
    if (maxResendTicks < 1) {
      throw new IllegalArgumentException("maxResendTicks must be at least 1: " + maxResendTicks);
    }
    this.module = module;
    this.sender = sender;
    this.maxResendTicks = maxResendTicks;
  }

  /** Sends to modules through sharding, one entity reference per target kept for reuse. */
  static BiConsumer<String, ModuleActor.Command> through(ClusterSharding sharding) {
    Map<String, EntityRef<ModuleActor.Command>> entities = new HashMap<>();
    return (target, command) ->
        entities
            .computeIfAbsent(target, name -> sharding.entityRefFor(ModuleActor.TYPE_KEY, name))
            .tell(command);
  }

  /** The cap on ticks between resends: max-redeliver-interval over redeliver-interval. */
  static long maxResendTicks(ModuleSettings settings) {
    return Math.max(
        1, settings.maxRedeliverInterval().toNanos() / settings.redeliverInterval().toNanos());
  }

  /** The backoff of one target: its oldest entry, and when and after how long it is resent. */
  private record Resend(long head, long dueTick, long waitTicks) {}

  /** After recovery: everything in the inbox is durable. */
  void recovered(ModuleState state) {
    durablyConsumed.putAll(state.inbox());
  }

  // ---- consumer side ----------------------------------------------------------------------

  /** What to do with an incoming delivery. */
  enum Verdict {
    RUN,
    DUPLICATE,
    OUT_OF_ORDER
  }

  Verdict judge(ModuleState state, ModuleActor.Deliver delivery) {
    long last = Math.max(state.lastConsumed(delivery.sender()), queued(delivery.sender()));
    if (delivery.seq() <= last) {
      return Verdict.DUPLICATE;
    }
    if (delivery.seq() != last + 1) {
      return Verdict.OUT_OF_ORDER;
    }
    queuedThrough.put(delivery.sender(), delivery.seq());
    return Verdict.RUN;
  }

  private long queued(String sender) {
    return queuedThrough.getOrDefault(sender, 0L);
  }

  /** Answers a duplicate with what is durably consumed from its sender, if anything. */
  void acknowledgeDuplicate(ModuleActor.Deliver delivery) {
    long durable = durablyConsumed.getOrDefault(delivery.sender(), 0L);
    if (durable > 0) {
      send(delivery.sender(), new ModuleActor.Acknowledge(module, durable, null));
    }
  }

  /** After a batch is durable: tells each sender how far its entries are consumed. */
  void consumedDurably(List<Trigger.Delivery> consumed) {
    var highest = new TreeMap<String, Long>();
    for (var entry : consumed) {
      highest.merge(entry.sender(), entry.seq(), Math::max);
    }
    highest.forEach(
        (sender, seq) -> {
          durablyConsumed.merge(sender, seq, Math::max);
          send(sender, new ModuleActor.Acknowledge(module, seq, null));
        });
  }

  /** Refuses a delivery to a module that is not deployed here: the sender drops it. */
  void reject(ModuleActor.Deliver delivery, String reason) {
    send(delivery.sender(), new ModuleActor.Acknowledge(module, delivery.seq(), reason));
  }

  // ---- producer side ----------------------------------------------------------------------

  /** Sends new entries of a durable transaction. */
  void sendNew(List<OutboxEntry> entries) {
    entries.forEach(this::send);
  }

  /** Notes an acknowledgement to be logged with the next write. */
  void acknowledged(String target, long upTo) {
    unloggedAcks.merge(target, upTo, Math::max);
  }

  boolean hasUnloggedAcks() {
    return !unloggedAcks.isEmpty();
  }

  /** The acknowledgements to log now, as events; forgets them. */
  List<ModuleEvent> drainAcks() {
    var events = new ArrayList<ModuleEvent>();
    unloggedAcks.forEach(
        (target, upTo) -> events.add(new ModuleEvent.OutboxAcknowledged(target, upTo)));
    unloggedAcks.clear();
    return events;
  }

  /** After recovery: every unacknowledged entry goes out again. */
  void resendAll(Outbox outbox) {
    outbox.unacknowledged().forEach(this::send);
  }

  /**
   * The periodic resend: for each target whose oldest unacknowledged entry has not moved since the
   * last tick, sends its oldest entries again once its backoff has run out, and doubles the
   * backoff.
   */
  void tick(Outbox outbox) {
    ticks++;
    var perTarget = outbox.unacknowledgedByTarget();
    resends.keySet().retainAll(perTarget.keySet());
    perTarget.forEach(
        (target, entries) -> {
          long head = entries.firstKey();
          var resend = resends.get(target);
          if (resend == null || resend.head() != head) {
            // New, or the target acknowledged since: resend next tick if it stays stuck.
            resends.put(target, new Resend(head, ticks + 1, 1));
            return;
          }
          if (ticks < resend.dueTick()) {
            return;
          }
          long wait = Math.min(resend.waitTicks() * 2, maxResendTicks);
          resends.put(target, new Resend(head, ticks + wait, wait));
          if (LOG.isDebugEnabled()) {
            LogContext.log(
                module,
                () ->
                    LOG.debug(
                        "module {}: resending from #{} to {}, again in {} ticks if"
                            + " unacknowledged",
                        module,
                        head,
                        target,
                        wait));
          }
          entries.values().stream().limit(RESEND_LIMIT).forEach(this::send);
        });
  }

  private void send(OutboxEntry entry) {
    send(
        entry.target(),
        new ModuleActor.Deliver(
            module,
            entry.seq(),
            entry.kind(),
            entry.reducer(),
            entry.args(),
            entry.depth(),
            entry.cause()));
  }

  // ---- subscriptions ----------------------------------------------------------------------

  /** Asks every producer to (re)register this module's subscriptions to it. */
  void registerSubscriptions(ModuleState state) {
    var schema = state.schema();
    for (var producer : SubscriptionCheck.producers(schema)) {
      unconfirmedProducers.add(producer);
    }
    resendRegistrations(schema);
  }

  /** Tells producers this module no longer subscribes to that it has no subscriptions there. */
  void unsubscribe(List<String> producers) {
    for (var producer : producers) {
      unconfirmedProducers.add(producer);
      send(producer, new ModuleActor.RegisterSubscriptions(module, List.of()));
    }
  }

  void confirmed(String producer) {
    unconfirmedProducers.remove(producer);
    if (unconfirmedProducers.isEmpty() && !whenSubscribed.isEmpty()) {
      var waiting = new ArrayList<>(whenSubscribed);
      whenSubscribed.clear();
      waiting.forEach(Runnable::run);
    }
  }

  /**
   * Runs {@code action} once every producer has recorded this module's subscriptions, at once if
   * they all have. A deploy is answered this way, so that every change its producers commit after
   * the answer is delivered.
   */
  void whenSubscribed(Runnable action) {
    if (unconfirmedProducers.isEmpty()) {
      action.run();
    } else {
      whenSubscribed.add(action);
    }
  }

  /** Registers again with the producers that have not confirmed. */
  void resendRegistrations(io.interstice.sdk.schema.ModuleSchema schema) {
    for (var producer : unconfirmedProducers) {
      var subscriptions =
          schema.subscriptions().stream()
              .filter(subscription -> subscription.module().equals(producer))
              .toList();
      send(producer, new ModuleActor.RegisterSubscriptions(module, subscriptions));
    }
  }

  boolean hasUnconfirmedProducers() {
    return !unconfirmedProducers.isEmpty();
  }

  // ---- sending ----------------------------------------------------------------------------

  void send(String target, ModuleActor.Command command) {
    sender.accept(target, command);
  }
}
