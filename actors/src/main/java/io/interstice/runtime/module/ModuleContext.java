package io.interstice.runtime.module;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.ModuleInfo;
import io.interstice.runtime.metrics.ModuleMetrics;
import io.interstice.runtime.module.ModuleActor.Call;
import io.interstice.runtime.module.ModuleActor.CallReply;
import io.interstice.runtime.module.ModuleActor.Command;
import io.interstice.runtime.module.ModuleActor.Failed;
import io.interstice.runtime.module.code.LoadedModule;
import io.interstice.runtime.module.code.Micros;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.outbox.LiveSubscribers;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleState;
import io.interstice.runtime.module.tx.WarningBudget;
import io.interstice.sdk.schema.ModuleSchema;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.slf4j.Logger;

/**
 * What the handlers of one {@link ModuleActor} are wired with: the module's name, settings and
 * actor context, the in-memory side of the outbox protocol and the live subscribers, the one way to
 * persist, the calls waiting with idempotency keys, the module's metrics, and the replies every
 * handler gives the same way (a call's answer, refusals, the module's info). It holds no state of
 * the module's life: that is in {@link ModuleState} (its {@link ModuleState#stage() stage}), which
 * the actor's handlers are split by.
 *
 * <p>Not thread-safe: created by the module actor and used only on its thread, like the actor's own
 * fields.
 */
final class ModuleContext {
  private final String name;
  private final ActorContext<Command> context;
  private final ModuleSettings settings;
  private final ActorRef<ClusterSharding.ShardCommand> shard;

  /** This actor asked its shard to passivate it (it held no module then). */
  private boolean passivationRequested;

  private final LocalModules localModules;

  private final EffectFactories<ModuleEvent, ModuleState> effects;
  private final Deliveries deliveries;
  private final LiveSubscribers live;
  private final WarningBudget warnings;
  private final IdempotentCalls idempotentCalls;
  private final ModuleMetrics metrics;
  private final DurabilityGate gate;

  ModuleContext(
      String name,
      ActorContext<Command> context,
      ModuleSettings settings,
      ActorRef<ClusterSharding.ShardCommand> shard,
      EffectFactories<ModuleEvent, ModuleState> effects,
      ModuleMetrics metrics,
      LongSupplier written) {
    this.name = name;
    this.gate = new DurabilityGate(context.getSelf(), written);
    this.context = context;
    this.settings = settings;
    this.shard = shard;
    this.localModules = LocalModules.ID.get(Adapter.toClassic(context.getSystem()));
    this.effects = effects;
    this.metrics = metrics;
    var sharding = Deliveries.through(ClusterSharding.get(context.getSystem()));
    this.deliveries =
        new Deliveries(
            name,
            // What another module hears of this one shows its state: only forced state.
            (target, command) ->
                gate.afterForce(
                    () -> {
                      if (command instanceof ModuleActor.Deliver) {
                        metrics.deliverySent();
                      }
                      sharding.accept(target, command);
                    },
                    () -> {}),
            Deliveries.maxResendTicks(settings));
    this.live = new LiveSubscribers(name, metrics::liveSubscribers);
    this.warnings = new WarningBudget(name);
    this.idempotentCalls = new IdempotentCalls(name);
  }

  String name() {
    return name;
  }

  ActorContext<Command> context() {
    return context;
  }

  Logger log() {
    return context.getLog();
  }

  ModuleSettings settings() {
    return settings;
  }

  EffectFactories<ModuleEvent, ModuleState> effects() {
    return effects;
  }

  /**
   * Persists {@code events} whose effects are already applied to {@code state} (every write of a
   * module is): the event handler then skips exactly these instead of applying them again. The one
   * way the handlers persist, so that no write can forget to say so.
   */
  EffectBuilder<ModuleEvent, ModuleState> persistApplied(
      ModuleState state, List<? extends ModuleEvent> events) {
    List<ModuleEvent> persisted = List.copyOf(events);
    if (persisted.size() > 1 && persisted.stream().allMatch(ModuleEvent.Batch::batchable)) {
      // One event for the whole write: Pekko's per-event work (a sequence number, a journal
      // acknowledgement, an event-handler call, in replay too) is paid once per batch.
      persisted = List.of(new ModuleEvent.Batch(persisted));
    }
    state.markAppliedLive(persisted.size());
    return effects.persist(persisted);
  }

  /** What holds back everything that shows a batch until the batch is forced. */
  DurabilityGate gate() {
    return gate;
  }

  /**
   * Runs {@code then} once everything the actor wrote so far is forced in the log (at once when it
   * is, or when the journal acknowledges only forced writes), or {@code lost} if a write is lost.
   */
  void afterForce(Runnable then, Runnable lost) {
    gate.afterForce(then, lost);
  }

  /** The answer to a request whose {@code what} was not acknowledged as durable. */
  Failed notDurable(String what) {
    return new Failed(
        ErrorKind.UNAVAILABLE,
        "module "
            + name
            + " stopped before the "
            + what
            + " was acknowledged as durable; it comes back from its log");
  }

  /** The module's budget of failure warnings in the node's log, shared by all its handlers. */
  WarningBudget warnings() {
    return warnings;
  }

  /** The calls with idempotency keys between their arrival and their answer. */
  IdempotentCalls idempotentCalls() {
    return idempotentCalls;
  }

  Deliveries deliveries() {
    return deliveries;
  }

  /** What the module reports to the node's metrics. */
  ModuleMetrics metrics() {
    return metrics;
  }

  /**
   * Answers a call, and counts the answer and the time since the call reached the actor: every
   * answer to a call goes through here.
   */
  void answer(Call call, CallReply reply) {
    call.reply(reply);
    if (reply instanceof Failed failed) {
      metrics.callRefused(failed.kind(), call.receivedNanos());
    } else {
      metrics.callCommitted(call.receivedNanos());
    }
  }

  LiveSubscribers live() {
    return live;
  }

  /** The current time of the module's clock in microseconds since the epoch. */
  long nowMicros() {
    return Micros.now(settings.clock());
  }

  /**
   * Loads code for a deploy through the node's loader of its kind, refusing a schema larger than
   * {@link ModuleLimits} allows. Thread-safe (it touches only settings), so that it can run off the
   * actor's thread.
   */
  LoadedModule load(ModuleCode code) {
    return settings.loaders().load(code, settings.limits());
  }

  /** Loads the logged code of a recovered module whose deploy recorded {@code schema}. */
  LoadedModule loadRecovered(ModuleCode code, ModuleSchema schema) {
    return settings.loaders().recovered(code, schema);
  }

  /**
   * Answers with a refusal. An actor that holds no module asks to be passivated, so that requests
   * for names that were never deployed do not leave actors behind.
   */
  <R> Effect<ModuleEvent, ModuleState> refuse(
      ModuleState state, ActorRef<R> replyTo, ErrorKind kind, String message) {
    passivateIfAbsent(state);
    if (replyTo != null) {
      @SuppressWarnings("unchecked")
      var failed = (R) new Failed(kind, message);
      replyTo.tell(failed);
    }
    return effects.none();
  }

  /**
   * Registers a sharded actor in {@link LocalModules}: calls made on this node come straight to it
   * (the same actor after a restart). An actor outside sharding is not registered.
   */
  void joinLocalModules() {
    if (shard != null) {
      localModules.started(name, context.getSelf());
    }
  }

  /** From now on this node's calls to the module go through sharding. */
  void leaveLocalModules() {
    localModules.stopped(name, context.getSelf());
  }

  /**
   * Asks the shard to passivate an actor that holds no module. Before the refusal goes out: from
   * then on the node's calls go through sharding, which holds them while the actor stops and starts
   * it again, instead of straight to this actor (a deploy and a call sent right after the refusal
   * would reach it only to be dropped by the stop).
   */
  void passivateIfAbsent(ModuleState state) {
    if (state.stage() == ModuleState.Stage.ABSENT && !state.deploying() && shard != null) {
      leaveLocalModules();
      shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
      passivationRequested = true;
    }
  }

  /**
   * The actor stops. If it asked to be passivated while it held no module, and a deploy came in
   * before the stop did, the module now exists but sharding has forgotten it (a passivated entity
   * is no longer remembered), so it would not come back by itself after a restart: a message sent
   * to it now, through its shard, is held until the actor has stopped and starts it again, and
   * sharding remembers it again.
   */
  void stopping(ModuleState state) {
    if (passivationRequested && state.stage() != ModuleState.Stage.ABSENT) {
      ClusterSharding.get(context.getSystem())
          .entityRefFor(ModuleActor.TYPE_KEY, name)
          .tell(new ModuleActor.Describe(context.getSystem().ignoreRef()));
    }
  }

  /** The refusal of anything sent to a module that is not deployed. */
  <R> Effect<ModuleEvent, ModuleState> refuseNotDeployed(ModuleState state, ActorRef<R> replyTo) {
    return refuse(state, replyTo, ErrorKind.UNKNOWN_MODULE, notDeployed());
  }

  ModuleInfo info(ModuleState state) {
    return new ModuleInfo(
        name,
        state.schema().version(),
        state.code().describe(),
        state.schema(),
        state.lastTxId(),
        state.recovery(),
        state.loaded() == null ? "none" : state.loaded().engine(),
        state.failed() ? state.failure().reason() : state.cannotRunReason(),
        state.history());
  }

  String notDeployed() {
    return "module " + name + " is not deployed";
  }
}
