package io.interstice.runtime.module;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;

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
 * <p>Confined to the module actor.
 */
final class Deliveries {
  /** Most entries resent to one target per tick. */
  private static final int RESEND_LIMIT = 1000;

  private final String module;
  private final ClusterSharding sharding;
  private final Map<String, Long> queuedThrough = new HashMap<>();
  private final Map<String, Long> durablyConsumed = new HashMap<>();
  private final Map<String, Long> unloggedAcks = new TreeMap<>();
  private final Map<String, Long> headAtLastTick = new HashMap<>();
  private final Set<String> unconfirmedProducers = new HashSet<>();
  private final List<Runnable> whenSubscribed = new ArrayList<>();
  private final Map<String, EntityRef<ModuleActor.Command>> entities = new HashMap<>();

  Deliveries(String module, ClusterSharding sharding) {
    this.module = module;
    this.sharding = sharding;
  }

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
  void consumedDurably(List<InboxEntry> consumed) {
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
  List<ModuleActor.Event> drainAcks() {
    var events = new ArrayList<ModuleActor.Event>();
    unloggedAcks.forEach(
        (target, upTo) -> events.add(new ModuleActor.OutboxAcknowledged(target, upTo)));
    unloggedAcks.clear();
    return events;
  }

  /** After recovery: every unacknowledged entry goes out again. */
  void resendAll(Outbox outbox) {
    outbox.unacknowledged().forEach(this::send);
  }

  /**
   * The periodic resend: for each target whose oldest unacknowledged entry has not moved since the
   * last tick, sends its oldest entries again.
   */
  void tick(Outbox outbox) {
    var perTarget = outbox.unacknowledgedByTarget();
    headAtLastTick.keySet().retainAll(perTarget.keySet());
    perTarget.forEach(
        (target, entries) -> {
          long head = entries.firstKey();
          if (Long.valueOf(head).equals(headAtLastTick.put(target, head))) {
            entries.values().stream().limit(RESEND_LIMIT).forEach(this::send);
          }
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
    entities
        .computeIfAbsent(target, name -> sharding.entityRefFor(ModuleActor.TYPE_KEY, name))
        .tell(command);
  }
}
