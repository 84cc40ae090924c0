package io.interstice.runtime.module;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.ModuleInfo;
import io.interstice.runtime.javamodule.JavaLoadedModule;
import io.interstice.runtime.module.ModuleActor.Command;
import io.interstice.runtime.module.ModuleActor.Event;
import io.interstice.runtime.module.ModuleActor.Failed;
import io.interstice.runtime.wasm.WasmModuleLoader;
import io.interstice.sdk.schema.ModuleSchema;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.slf4j.Logger;

/**
 * What the handlers of one {@link ModuleActor} share: the module's name, settings and actor
 * context, the in-memory side of the outbox protocol and the live subscribers, the loaded code (or
 * why there is none), and the replies every handler gives the same way (refusals, the module's
 * info). The handlers are split by concern into {@link ModuleInstaller}, {@link BatchRunner},
 * {@link WorkExecutor}, {@link ScheduleTimer}, {@link ProducerSide} and {@link ModuleReads}; this
 * is the one place their common state lives, so that none of them owns another's.
 *
 * <p>Not thread-safe: created by the module actor and used only on its thread, like the actor's own
 * fields.
 */
final class ModuleRuntime {
  private final String name;
  private final ActorContext<Command> context;
  private final ModuleSettings settings;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final EffectFactories<Event, ModuleState> effects;
  private final Deliveries deliveries;
  private final LiveSubscribers live;
  private LoadedModule loaded;
  private String loadError;
  private final WarningBudget warnings;
  private boolean deploying;
  private boolean stopWhenDeployed;
  private ModuleInfo.RecoveryInfo recovery = new ModuleInfo.RecoveryInfo(0, 0, 0, 0);

  ModuleRuntime(
      String name,
      ActorContext<Command> context,
      ModuleSettings settings,
      ActorRef<ClusterSharding.ShardCommand> shard,
      EffectFactories<Event, ModuleState> effects) {
    this.name = name;
    this.context = context;
    this.settings = settings;
    this.shard = shard;
    this.effects = effects;
    this.deliveries =
        new Deliveries(
            name,
            Deliveries.through(ClusterSharding.get(context.getSystem())),
            Deliveries.maxResendTicks(settings));
    this.live = new LiveSubscribers(name);
    this.warnings = new WarningBudget(name);
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

  EffectFactories<Event, ModuleState> effects() {
    return effects;
  }

  /**
   * Persists {@code events} whose effects are already applied to {@code state} (every write of a
   * module is): the event handler then skips exactly these instead of applying them again. The one
   * way the handlers persist, so that no write can forget to say so.
   */
  EffectBuilder<Event, ModuleState> persistApplied(
      ModuleState state, List<? extends Event> events) {
    state.markAppliedLive(events.size());
    return effects.persist(List.copyOf(events));
  }

  /** The module's budget of failure warnings in the node's log, shared by all its handlers. */
  WarningBudget warnings() {
    return warnings;
  }

  Deliveries deliveries() {
    return deliveries;
  }

  LiveSubscribers live() {
    return live;
  }

  /** The module's code, or null when it is not deployed or cannot run (see {@link #loadError}). */
  LoadedModule loaded() {
    return loaded;
  }

  /** Why a deployed module's code cannot run, when {@link #loaded} is null. */
  String loadError() {
    return loadError;
  }

  /** The module now runs {@code module}. */
  void running(LoadedModule module) {
    loaded = module;
    loadError = null;
  }

  /** The module was removed: no code, no reason. */
  void removed() {
    loaded = null;
    loadError = null;
  }

  /** The module's code cannot run, for the given reason. */
  void cannotRun(String reason) {
    loadError = reason;
  }

  /** Whether the schemas of producers are being asked for, with a deploy waiting on them. */
  boolean deploying() {
    return deploying;
  }

  void deploying(boolean deploying) {
    this.deploying = deploying;
    if (!deploying && stopWhenDeployed) {
      stopWhenDeployed = false;
      context.getSelf().tell(ModuleActor.Stop.INSTANCE);
    }
  }

  /**
   * A stop (sharding's passivation) came while a deploy was loading its code off the actor's
   * thread: stopping now would lose the loaded code and leave the deploy unanswered, so the actor
   * stops once the deploy is decided instead.
   */
  void stopWhenDeployed() {
    stopWhenDeployed = true;
  }

  void recovered(ModuleInfo.RecoveryInfo recovery) {
    this.recovery = recovery;
  }

  /** The current time of the module's clock in microseconds since the epoch. */
  long nowMicros() {
    return Micros.now(settings.clock());
  }

  /**
   * Loads code for a deploy, refusing a schema larger than {@link ModuleLimits} allows. Thread-safe
   * (it touches only settings), so that it can run off the actor's thread.
   */
  LoadedModule load(ModuleCode code) {
    if (code instanceof ModuleCode.JavaClass javaClass) {
      var loaded = JavaLoadedModule.load(javaClass, settings.classLoader());
      settings.limits().requireWithin(loaded.schema(), "module class " + javaClass.className());
      return loaded;
    }
    return WasmModuleLoader.load((ModuleCode.Wasm) code, settings.wasm(), settings.limits());
  }

  /**
   * Loads the logged code of a recovered module whose deploy recorded {@code schema}. WebAssembly
   * is parsed and checked but not run: the logged bytes described the logged schema.
   */
  LoadedModule loadRecovered(ModuleCode code, ModuleSchema schema) {
    if (code instanceof ModuleCode.Wasm wasm) {
      return WasmModuleLoader.recovered(wasm, schema, settings.wasm());
    }
    return JavaLoadedModule.load((ModuleCode.JavaClass) code, settings.classLoader());
  }

  /**
   * Answers with a refusal. An actor that holds no module asks to be passivated, so that requests
   * for names that were never deployed do not leave actors behind.
   */
  <R> Effect<Event, ModuleState> refuse(
      ModuleState state, ActorRef<R> replyTo, ErrorKind kind, String message) {
    if (replyTo != null) {
      @SuppressWarnings("unchecked")
      var failed = (R) new Failed(kind, message);
      replyTo.tell(failed);
    }
    if (!state.deployed() && !deploying && shard != null) {
      shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }
    return effects.none();
  }

  /** The refusal of anything sent to a module that is not deployed. */
  <R> Effect<Event, ModuleState> refuseNotDeployed(ModuleState state, ActorRef<R> replyTo) {
    return refuse(state, replyTo, ErrorKind.UNKNOWN_MODULE, notDeployed());
  }

  ModuleInfo info(ModuleState state) {
    return new ModuleInfo(
        name,
        state.schema().version(),
        state.code().describe(),
        state.schema(),
        state.lastTxId(),
        recovery,
        loaded == null ? "none" : loaded.engine(),
        state.failed() ? state.failure().reason() : loadError);
  }

  String notDeployed() {
    return "module " + name + " is not deployed";
  }
}
