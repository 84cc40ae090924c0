package io.interstice.runtime.module;

import io.interstice.runtime.module.ModuleActor.Acknowledge;
import io.interstice.runtime.module.ModuleActor.RegisterSubscriptions;
import io.interstice.runtime.module.ModuleActor.SubscriptionsRegistered;
import io.interstice.runtime.module.outbox.Rejections;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleEvent.SubscriptionsChanged;
import io.interstice.runtime.module.state.ModuleState;
import java.util.List;
import org.apache.pekko.persistence.typed.javadsl.Effect;

/**
 * A module's side of the outbox protocol as a producer, and the bookkeeping around it: consumers'
 * acknowledgements, other modules' subscriptions to this module's tables, the confirmation of this
 * module's own subscriptions, and the periodic resend of whatever is stuck (see {@link Deliveries}
 * for the protocol).
 *
 * <p>Not thread-safe: confined to the module actor's thread.
 */
final class ProducerSide {
  private final ModuleContext runtime;
  private final Rejections rejections;

  ProducerSide(ModuleContext runtime) {
    this.runtime = runtime;
    this.rejections =
        new Rejections(
            runtime.name(),
            runtime.log(),
            Deliveries.maxResendTicks(runtime.settings()),
            runtime.settings().limits().maxMessageLength());
  }

  Effect<ModuleEvent, ModuleState> onAcknowledge(ModuleState state, Acknowledge ack) {
    if (ack.rejected() != null) {
      rejections.rejected(ack.consumer(), ack.upTo(), ack.rejected());
    } else {
      rejections.accepted(ack.consumer());
    }
    int acknowledged = state.outbox().acknowledge(ack.consumer(), ack.upTo());
    if (acknowledged > 0) {
      runtime.metrics().deliveriesAcknowledged(acknowledged);
      runtime.deliveries().acknowledged(ack.consumer(), ack.upTo());
    }
    return runtime.effects().none();
  }

  Effect<ModuleEvent, ModuleState> onRegisterSubscriptions(
      ModuleState state, RegisterSubscriptions register) {
    var deliveries = runtime.deliveries();
    var producer = runtime.name();
    if (state.subscribers().of(register.subscriber()).equals(register.subscriptions())) {
      deliveries.send(register.subscriber(), new SubscriptionsRegistered(producer, null));
      return runtime.effects().none();
    }
    var changed = new SubscriptionsChanged(register.subscriber(), register.subscriptions());
    state.subscriptionsLive(changed);
    return runtime
        .persistApplied(state, List.of(changed))
        .thenRun(
            s ->
                deliveries.send(
                    register.subscriber(), new SubscriptionsRegistered(producer, null)));
  }

  Effect<ModuleEvent, ModuleState> onSubscriptionsRegistered(
      ModuleState state, SubscriptionsRegistered registered) {
    if (registered.problem() != null) {
      runtime
          .log()
          .error(
              "module {}: {} refused its subscriptions: {}",
              runtime.name(),
              registered.producer(),
              registered.problem());
    }
    runtime.deliveries().confirmed(registered.producer());
    return runtime.effects().none();
  }

  /**
   * A module that is absent refuses subscriptions; the subscriber hears why, and its deploy's check
   * had already found the module missing.
   */
  Effect<ModuleEvent, ModuleState> refuseRegistrationAbsent(
      ModuleState state, RegisterSubscriptions register) {
    runtime
        .deliveries()
        .send(
            register.subscriber(),
            new SubscriptionsRegistered(runtime.name(), runtime.notDeployed()));
    return runtime.refuseNotDeployed(state, null);
  }

  /**
   * A failed module logs nothing but its upgrade or removal, so it cannot record subscriptions; the
   * subscriber asks again.
   */
  Effect<ModuleEvent, ModuleState> refuseRegistrationFailed(
      ModuleState state, RegisterSubscriptions register) {
    runtime
        .deliveries()
        .send(
            register.subscriber(),
            new SubscriptionsRegistered(runtime.name(), state.failure().reason()));
    return runtime.effects().none();
  }

  /**
   * Resends what is stuck, and logs acknowledgements that have waited for a write — unless a {@code
   * Flush} is on its way ({@code flushScheduled}), whose batch will log them.
   */
  Effect<ModuleEvent, ModuleState> onTick(ModuleState state, boolean flushScheduled) {
    var deliveries = resendStuck(state);
    if (!deliveries.hasUnloggedAcks() || flushScheduled) {
      return runtime.effects().none();
    }
    return runtime.persistApplied(state, deliveries.drainAcks());
  }

  /** The tick of a failed module: it resends what is stuck, but persists nothing of its own. */
  Effect<ModuleEvent, ModuleState> onTickFailed(ModuleState state) {
    resendStuck(state);
    return runtime.effects().none();
  }

  private Deliveries resendStuck(ModuleState state) {
    var deliveries = runtime.deliveries();
    rejections.tick();
    deliveries.tick(state.outbox());
    if (deliveries.hasUnconfirmedProducers()) {
      deliveries.resendRegistrations(state.schema());
    }
    return deliveries;
  }
}
