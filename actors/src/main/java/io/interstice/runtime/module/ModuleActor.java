package io.interstice.runtime.module;

import io.interstice.journal.serialization.KryoSerialized;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.LiveUpdate;
import io.interstice.runtime.ModuleInfo;
import io.interstice.runtime.javamodule.JavaLoadedModule;
import io.interstice.runtime.table.TableException;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.schema.Lifecycle;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.ReducerSchema;
import io.interstice.sdk.schema.SchemaCompatibility;
import io.interstice.sdk.schema.SubscriptionSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.schema.Visibility;
import io.interstice.sdk.value.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.DeleteEventsFailed;
import org.apache.pekko.persistence.typed.DeleteSnapshotsFailed;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * One module as a persistent actor (persistence id {@code module|<name>}), a Cluster Sharding
 * entity of type {@code Module} keyed by the module's name. It owns the module's tables, runs its
 * reducers one at a time as transactions, answers queries from committed state, and comes back
 * after any restart or move by replaying its log — deploy events included — without running reducer
 * code.
 *
 * <p><b>Batching.</b> Calls are queued and executed by a {@code Flush} the actor sends itself.
 * While a write is in flight Pekko stashes every command; when it completes the stashed calls are
 * queued before the next {@code Flush} arrives, so everything that arrived during one write is
 * executed together and persisted as one atomic write (one fsync). Every caller is answered, in
 * call order, only once the whole batch is durable; a refused call changes nothing and is answered
 * in the same order.
 *
 * <p>Not thread-safe beyond what an actor is: all fields are confined to the actor.
 */
public final class ModuleActor
    extends EventSourcedBehavior<ModuleActor.Command, ModuleActor.Event, ModuleState> {

  /** The sharding entity type of modules. */
  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "Module");

  /** Caller recorded for transactions the runtime itself starts (the {@code init} reducer). */
  public static final String RUNTIME_CALLER = "runtime";

  // ---- protocol -------------------------------------------------------------------------

  /** What a module actor accepts. */
  public sealed interface Command {}

  /** Deploys the module from {@code code}; idempotent for the same code and schema. */
  public record Deploy(ModuleCode code, ActorRef<DeployReply> replyTo) implements Command {}

  /** Work that runs as a transaction in the next batch: a client's call or a delivery. */
  interface Queued {}

  /** Calls a public reducer; answered once the transaction is durable, or with the refusal. */
  public record Call(String reducer, Args args, String caller, ActorRef<CallReply> replyTo)
      implements Command, Queued {}

  /**
   * An outbox entry of module {@code sender} for this module: a call of {@code reducer}, or a
   * subscription's delivery, with its arguments as a JSON array. Runs once, in sequence order per
   * sender; see {@link Deliveries} for the protocol.
   */
  public record Deliver(
      String sender,
      long seq,
      OutboxEntry.Kind kind,
      String reducer,
      byte[] args,
      int depth,
      String cause)
      implements Command, Queued {}

  /**
   * Module {@code consumer} has durably consumed this module's entries to it up to {@code upTo};
   * or, with a {@code rejected} reason, will never consume them (it is not deployed).
   */
  public record Acknowledge(String consumer, long upTo, String rejected) implements Command {}

  /** Module {@code subscriber} subscribes to this module's tables with exactly these. */
  public record RegisterSubscriptions(String subscriber, List<SubscriptionSchema> subscriptions)
      implements Command {}

  /** The producer has recorded the subscriptions ({@code problem} null) or refused them. */
  public record SubscriptionsRegistered(String producer, String problem) implements Command {}

  /** The schemas of the modules a module being deployed subscribes to have arrived. */
  record ProducersDescribed(Deploy deploy, LoadedModule module, Map<String, ModuleSchema> schemas)
      implements Command {}

  /** Runs the schedules that are due (sent by the module's schedule timer). */
  enum FireSchedules implements Command {
    INSTANCE
  }

  /** A due schedule queued to run in the next batch. */
  record ScheduledRun(long id) implements Queued {}

  /**
   * Starts a live subscription: {@code subscriber} gets the current rows of {@code tables}, then
   * every durable change to them (see {@link LiveUpdate}). Answered with {@link Described} or
   * {@link Failed}.
   */
  public record SubscribeLive(
      Set<String> tables, ActorRef<LiveUpdate> subscriber, ActorRef<DescribeReply> replyTo)
      implements Command {}

  /** Ends a live subscription. */
  public record UnsubscribeLive(ActorRef<LiveUpdate> subscriber) implements Command {}

  /** Periodic resend of unacknowledged entries and unconfirmed subscriptions. */
  enum Tick implements Command {
    INSTANCE
  }

  /** Runs a query on committed state. */
  public record Query(String query, Args args, String caller, ActorRef<QueryReply> replyTo)
      implements Command {}

  /** Reads every committed row of a public table, in primary key order. */
  public record ReadRows(String table, ActorRef<RowsReply> replyTo) implements Command {}

  /** Describes the deployed module. */
  public record Describe(ActorRef<DescribeReply> replyTo) implements Command {}

  /** Runs the queued calls (sent by the actor to itself). */
  enum Flush implements Command {
    INSTANCE
  }

  /** Stops the actor (sharding's passivation message). */
  public enum Stop implements Command {
    INSTANCE
  }

  public sealed interface DeployReply {}

  public sealed interface CallReply {}

  public sealed interface QueryReply {}

  public sealed interface RowsReply {}

  public sealed interface DescribeReply {}

  /** A refusal or failure of any command; nothing changed. */
  public record Failed(ErrorKind kind, String message)
      implements DeployReply, CallReply, QueryReply, RowsReply, DescribeReply {}

  public record Deployed(ModuleInfo info) implements DeployReply {}

  /** The call's transaction is durable. */
  public record Committed(long txId, long timestampMicros) implements CallReply {}

  /** A query's result, a value of {@code type}. */
  public record Answered(Type type, Object value) implements QueryReply {}

  /** A table's committed rows, in primary key order. */
  public record Rows(TableSchema table, List<Object[]> rows) implements RowsReply {}

  public record Described(ModuleInfo info) implements DescribeReply {}

  // ---- events (persisted; serializers in io.interstice.runtime.module.serialization) -------

  /** What a module's log holds. */
  public sealed interface Event extends KryoSerialized {}

  /** The module was deployed with this code and schema (the schema carries the version). */
  public record ModuleDeployed(ModuleCode code, ModuleSchema schema, long timestampMicros)
      implements Event {
    public ModuleDeployed {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(schema, "schema");
    }
  }

  /**
   * A committed transaction: id (1, 2, … per module), timestamp (microseconds since the epoch), the
   * seed of its random generator, caller, reducer, arguments in the canonical value encoding of the
   * reducer's parameters, the changes to logged tables, the messages it leaves for other modules
   * (delivered once it is durable), the schedules it creates and cancels, what triggered it besides
   * a client (the delivery it consumed, or the schedule it ran, by id; 0 for none), and, for a
   * triggered run whose reducer failed, the error (then it has no other effects: the trigger is
   * used up, with its failure on record).
   */
  public record TxCommitted(
      long txId,
      long timestampMicros,
      long seed,
      String caller,
      String reducer,
      byte[] args,
      List<LoggedChange> changes,
      List<OutboxEntry> outbox,
      List<Schedule> scheduled,
      List<Long> cancelled,
      InboxEntry consumed,
      long fired,
      String error)
      implements Event {
    public TxCommitted {
      Objects.requireNonNull(caller, "caller");
      Objects.requireNonNull(reducer, "reducer");
      Objects.requireNonNull(args, "args");
      changes = List.copyOf(changes);
      outbox = List.copyOf(outbox);
      scheduled = List.copyOf(scheduled);
      cancelled = List.copyOf(cancelled);
      boolean triggered = consumed != null || fired != 0;
      boolean effects =
          !changes.isEmpty() || !outbox.isEmpty() || !scheduled.isEmpty() || !cancelled.isEmpty();
      if (error != null && (!triggered || effects)) {
        throw new IllegalArgumentException(
            "only a consumed delivery or schedule is logged with an error, and then without"
                + " effects");
      }
    }

    /** A transaction of a client's call: nothing consumed, nothing scheduled, no error. */
    public TxCommitted(
        long txId,
        long timestampMicros,
        long seed,
        String caller,
        String reducer,
        byte[] args,
        List<LoggedChange> changes) {
      this(
          txId,
          timestampMicros,
          seed,
          caller,
          reducer,
          args,
          changes,
          List.of(),
          List.of(),
          List.of(),
          null,
          0,
          null);
    }
  }

  /**
   * A new version of the module was installed over the running one: its tables were carried over to
   * the new schema ({@code ModuleTables.migrate}, deterministic, so replay repeats it), and the
   * {@code TxCommitted} of its upgrade reducer, if any, follows in the same atomic write.
   */
  public record ModuleUpgraded(ModuleCode code, ModuleSchema schema, long timestampMicros)
      implements Event {
    public ModuleUpgraded {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(schema, "schema");
    }
  }

  /** Another module subscribed to this module's tables; an empty list ends its subscriptions. */
  public record SubscriptionsChanged(String subscriber, List<SubscriptionSchema> subscriptions)
      implements Event {
    public SubscriptionsChanged {
      Objects.requireNonNull(subscriber, "subscriber");
      subscriptions = List.copyOf(subscriptions);
    }
  }

  /** {@code target} has consumed this module's outbox entries to it up to {@code upTo}. */
  public record OutboxAcknowledged(String target, long upTo) implements Event {
    public OutboxAcknowledged {
      Objects.requireNonNull(target, "target");
    }
  }

  // ---- behaviour --------------------------------------------------------------------------

  private final String name;
  private final ActorContext<Command> context;
  private final ModuleSettings settings;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final TransactionRunner runner;
  private final Deliveries deliveries;
  private final TimerScheduler<Command> timers;
  private final ArrayDeque<Queued> pending = new ArrayDeque<>();
  private final java.util.Set<Long> queuedSchedules = new java.util.HashSet<>();
  private final LiveSubscribers live;

  /** The committed transactions of the batch being built, for live subscribers. */
  private List<LiveSubscribers.Published> published = new ArrayList<>();

  /** Callers of the batch being written, answered if the actor stops before it is durable. */
  private List<ActorRef<CallReply>> inFlight = List.of();

  private final long startedNanos = System.nanoTime();
  private boolean flushScheduled;
  private boolean deploying;
  private LoadedModule loaded;
  private String loadError;
  private boolean recovering = true;
  private long replayedEvents;
  private ModuleInfo.RecoveryInfo recovery = new ModuleInfo.RecoveryInfo(0, 0, 0, 0);

  private ModuleActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String name,
      ModuleSettings settings,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    super(persistenceId(name));
    this.name = name;
    this.context = context;
    this.settings = settings;
    this.shard = shard;
    this.runner = new TransactionRunner(name, settings.clock(), settings.maxDeliveryDepth());
    this.deliveries = new Deliveries(name, ClusterSharding.get(context.getSystem()));
    this.timers = timers;
    this.live = new LiveSubscribers(name);
    timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.redeliverInterval());
  }

  /** {@code module|<name>}. */
  public static PersistenceId persistenceId(String module) {
    return PersistenceId.of("module", module, "|");
  }

  /**
   * The actor of module {@code name}. {@code shard} (may be null outside sharding) is told to
   * passivate the actor when it holds no module.
   */
  public static Behavior<Command> create(
      String name, ModuleSettings settings, ActorRef<ClusterSharding.ShardCommand> shard) {
    return Behaviors.withTimers(
        timers ->
            Behaviors.setup(context -> new ModuleActor(context, timers, name, settings, shard)));
  }

  /** Registers the {@code Module} entity type with Cluster Sharding on this node. */
  public static void initSharding(ActorSystem<?> system, ModuleSettings settings) {
    ClusterSharding.get(system)
        .init(
            Entity.of(TYPE_KEY, entity -> create(entity.getEntityId(), settings, entity.getShard()))
                .withStopMessage(Stop.INSTANCE));
  }

  @Override
  public ModuleState emptyState() {
    return ModuleState.empty(name);
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    if (settings.snapshotEvery() == 0) {
      return RetentionCriteria.disabled();
    }
    var criteria =
        RetentionCriteria.snapshotEvery(settings.snapshotEvery(), settings.keepSnapshots());
    return settings.deleteEventsOnSnapshot() ? criteria.withDeleteEventsOnSnapshot() : criteria;
  }

  @Override
  public CommandHandler<Command, Event, ModuleState> commandHandler() {
    return newCommandHandlerBuilder()
        .forAnyState()
        .onCommand(Deploy.class, this::onDeploy)
        .onCommand(ProducersDescribed.class, this::onProducersDescribed)
        .onCommand(Call.class, this::onCall)
        .onCommand(Deliver.class, this::onDeliver)
        .onCommand(Flush.class, (state, flush) -> onFlush(state))
        .onCommand(Acknowledge.class, this::onAcknowledge)
        .onCommand(RegisterSubscriptions.class, this::onRegisterSubscriptions)
        .onCommand(SubscriptionsRegistered.class, this::onSubscriptionsRegistered)
        .onCommand(Tick.class, (state, tick) -> onTick(state))
        .onCommand(SubscribeLive.class, this::onSubscribeLive)
        .onCommand(
            UnsubscribeLive.class,
            (state, unsubscribe) -> {
              live.remove(unsubscribe.subscriber());
              return Effect().none();
            })
        .onCommand(FireSchedules.class, (state, fire) -> onFireSchedules(state))
        .onCommand(Query.class, this::onQuery)
        .onCommand(ReadRows.class, this::onReadRows)
        .onCommand(Describe.class, this::onDescribe)
        .onCommand(Stop.class, (state, stop) -> Effect().stop())
        .build();
  }

  @Override
  public EventHandler<ModuleState, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(this::applyEvent);
  }

  @Override
  public SignalHandler<ModuleState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecovered)
        .onSignal(PostStop.instance(), state -> onStopped())
        .onSignal(
            SnapshotFailed.class,
            (state, failed) ->
                context.getLog().warn("module {}: snapshot failed", name, failed.getFailure()))
        .onSignal(
            DeleteEventsFailed.class,
            (state, failed) ->
                context
                    .getLog()
                    .warn("module {}: deleting old events failed", name, failed.getFailure()))
        .onSignal(
            DeleteSnapshotsFailed.class,
            (state, failed) ->
                context
                    .getLog()
                    .warn("module {}: deleting old snapshots failed", name, failed.getFailure()))
        .build();
  }

  private ModuleState applyEvent(ModuleState state, Event event) {
    if (recovering) {
      replayedEvents++;
    }
    return state.apply(event);
  }

  /**
   * Recovery is over: nothing was delivered while replaying; now the module's code is loaded, its
   * unacknowledged outbox entries go out again and its subscriptions are registered again.
   */
  private void onRecovered(ModuleState state) {
    recovering = false;
    long lastSequenceNr = lastSequenceNumber(context);
    long snapshotSequenceNr = lastSequenceNr - replayedEvents;
    recovery =
        new ModuleInfo.RecoveryInfo(
            state.lastTxId(),
            replayedEvents,
            snapshotSequenceNr,
            (System.nanoTime() - startedNanos) / 1_000_000);
    if (!state.deployed()) {
      return;
    }
    context
        .getLog()
        .info(
            "module {} recovered: {} transactions, {} events replayed{}, in {} ms",
            name,
            state.lastTxId(),
            replayedEvents,
            snapshotSequenceNr > 0 ? " after snapshot at " + snapshotSequenceNr : "",
            recovery.millis());
    deliveries.recovered(state);
    deliveries.resendAll(state.outbox());
    deliveries.registerSubscriptions(state);
    try {
      var module = load(state.code());
      if (!module.schema().equals(state.schema())) {
        loadError =
            "module "
                + name
                + ": "
                + state.code().describe()
                + " now describes another schema than the deployed version "
                + state.schema().version()
                + "; deploy the original code or upgrade the module";
        context.getLog().error(loadError);
        return;
      }
      loaded = module;
      armSchedules(state);
    } catch (ModuleLoadException e) {
      loadError = "module " + name + " cannot run: " + e.getMessage();
      context.getLog().error(loadError, e);
    }
  }

  /**
   * Answers everyone still waiting. A batch whose write had not completed is not acknowledged: the
   * journal failed it (the actor stops on a failed write) or the node is shutting down. Queued
   * deliveries need no answer: their senders resend them.
   */
  private void onStopped() {
    var unavailable =
        new Failed(
            ErrorKind.UNAVAILABLE,
            "module "
                + name
                + " stopped before the call's transaction was acknowledged as durable");
    inFlight.forEach(caller -> caller.tell(unavailable));
    inFlight = List.of();
    live.end("module " + name + " stopped");
    var notRun =
        new Failed(ErrorKind.UNAVAILABLE, "module " + name + " stopped before running the call");
    for (var work : pending) {
      if (work instanceof Call call) {
        call.replyTo().tell(notRun);
      }
    }
    pending.clear();
  }

  // ---- deploy -----------------------------------------------------------------------------

  private Effect<Event, ModuleState> onDeploy(ModuleState state, Deploy deploy) {
    if (deploying) {
      return refuse(
          state,
          deploy.replyTo(),
          ErrorKind.UNAVAILABLE,
          "module " + name + " is being deployed; try again");
    }
    LoadedModule module;
    try {
      module = load(deploy.code());
    } catch (ModuleLoadException e) {
      return refuse(state, deploy.replyTo(), ErrorKind.BAD_MODULE, e.getMessage());
    }
    var schema = module.schema();
    if (!schema.name().equals(name)) {
      return refuse(
          state,
          deploy.replyTo(),
          ErrorKind.BAD_MODULE,
          deploy.code().describe() + " defines module " + schema.name() + ", not " + name);
    }
    if (state.deployed()) {
      if (state.code().equals(deploy.code()) && state.schema().equals(schema)) {
        deploy.replyTo().tell(new Deployed(info(state)));
        return Effect().none();
      }
      var report = SchemaCompatibility.compare(state.schema(), schema);
      if (!report.accepted()) {
        return refuse(state, deploy.replyTo(), ErrorKind.BAD_MODULE, report.toString());
      }
    }
    var producers = SubscriptionCheck.producers(schema);
    if (producers.isEmpty()) {
      return state.deployed()
          ? upgrade(state, deploy, module, Map.of())
          : install(state, deploy, module, Map.of());
    }
    describeProducers(deploy, module, producers);
    return Effect().none();
  }

  /**
   * Asks the modules the new one subscribes to for their schemas, then checks the subscriptions.
   */
  private void describeProducers(Deploy deploy, LoadedModule module, List<String> producers) {
    deploying = true;
    var sharding = ClusterSharding.get(context.getSystem());
    var answers = new ArrayList<CompletableFuture<Map.Entry<String, ModuleSchema>>>();
    for (var producer : producers) {
      CompletableFuture<DescribeReply> answer =
          sharding
              .entityRefFor(TYPE_KEY, producer)
              .<DescribeReply>ask(Describe::new, settings.describeTimeout())
              .toCompletableFuture();
      answers.add(
          answer.handle(
              (reply, error) ->
                  reply instanceof Described described
                      ? Map.entry(producer, described.info().schema())
                      : null));
    }
    context.pipeToSelf(
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)),
        (ok, error) -> {
          var schemas = new TreeMap<String, ModuleSchema>();
          for (var answer : answers) {
            var entry = answer.join();
            if (entry != null) {
              schemas.put(entry.getKey(), entry.getValue());
            }
          }
          return new ProducersDescribed(deploy, module, schemas);
        });
  }

  private Effect<Event, ModuleState> onProducersDescribed(
      ModuleState state, ProducersDescribed described) {
    deploying = false;
    return state.deployed()
        ? upgrade(state, described.deploy(), described.module(), described.schemas())
        : install(state, described.deploy(), described.module(), described.schemas());
  }

  /**
   * Persists the deploy, with the init reducer's transaction in the same write, once the
   * subscriptions check out against {@code producers}.
   */
  private Effect<Event, ModuleState> install(
      ModuleState state, Deploy deploy, LoadedModule module, Map<String, ModuleSchema> producers) {
    var schema = module.schema();
    var problems = SubscriptionCheck.problems(schema, producers);
    if (!problems.isEmpty()) {
      return refuse(state, deploy.replyTo(), ErrorKind.BAD_MODULE, String.join("; ", problems));
    }
    state.deployLive(deploy.code(), schema);
    var events = new ArrayList<Event>();
    events.add(new ModuleDeployed(deploy.code(), schema, nowMicros()));
    var init = schema.reducers().stream().filter(r -> r.lifecycle() == Lifecycle.INIT).findFirst();
    var sent = new ArrayList<OutboxEntry>();
    if (init.isPresent()) {
      var outcome =
          runner.run(state, module, init.get(), new Object[0], RUNTIME_CALLER, 0, null, 0);
      if (outcome instanceof TransactionRunner.Refused refused) {
        state.undeployLive();
        return refuse(
            state,
            deploy.replyTo(),
            refused.kind(),
            "module " + name + " was not deployed: its init reducer failed: " + refused.message());
      }
      var event = ((TransactionRunner.Succeeded) outcome).event();
      events.add(event);
      sent.addAll(event.outbox());
    }
    loaded = module;
    loadError = null;
    state.markAppliedLive(events.size());
    context.getLog().info("module {} deployed from {}", name, deploy.code().describe());
    return Effect()
        .persist(events)
        .thenRun(
            deployed -> {
              deliveries.sendNew(sent);
              deliveries.registerSubscriptions(deployed);
              armSchedules(deployed);
              deploy.replyTo().tell(new Deployed(info(deployed)));
            });
  }

  /**
   * Installs a new version over the running one, checked compatible by {@link #onDeploy}: carries
   * the tables over to the new schema, runs the new version's upgrade reducer (if any) on them in
   * the same transaction, and persists both in one atomic write. If the carry-over or the upgrade
   * reducer fails, the running version stays as it was.
   */
  private Effect<Event, ModuleState> upgrade(
      ModuleState state, Deploy deploy, LoadedModule module, Map<String, ModuleSchema> producers) {
    var schema = module.schema();
    var problems = SubscriptionCheck.problems(schema, producers);
    if (!problems.isEmpty()) {
      return refuse(state, deploy.replyTo(), ErrorKind.BAD_MODULE, String.join("; ", problems));
    }
    var previous = state.snapshotOfVersion();
    try {
      state.upgradeLive(deploy.code(), schema);
    } catch (TableException e) {
      return refuse(state, deploy.replyTo(), ErrorKind.BAD_MODULE, e.getMessage());
    }
    var events = new ArrayList<Event>();
    events.add(new ModuleUpgraded(deploy.code(), schema, nowMicros()));
    var migration =
        schema.reducers().stream().filter(r -> r.lifecycle() == Lifecycle.UPGRADE).findFirst();
    var sent = new ArrayList<OutboxEntry>();
    if (migration.isPresent()) {
      var outcome =
          runner.run(state, module, migration.get(), new Object[0], RUNTIME_CALLER, 0, null, 0);
      if (outcome instanceof TransactionRunner.Refused refused) {
        state.restoreVersion(previous);
        return refuse(
            state,
            deploy.replyTo(),
            refused.kind(),
            "module "
                + name
                + " was not upgraded to version "
                + schema.version()
                + ": its upgrade reducer failed: "
                + refused.message());
      }
      var event = ((TransactionRunner.Succeeded) outcome).event();
      events.add(event);
      sent.addAll(event.outbox());
    }
    var droppedProducers = new ArrayList<>(SubscriptionCheck.producers(previous.schema()));
    droppedProducers.removeAll(SubscriptionCheck.producers(schema));
    loaded = module;
    loadError = null;
    state.markAppliedLive(events.size());
    context
        .getLog()
        .info(
            "module {} upgraded from version {} to {} ({})",
            name,
            previous.schema().version(),
            schema.version(),
            deploy.code().describe());
    return Effect()
        .persist(events)
        .thenRun(
            upgraded -> {
              deliveries.sendNew(sent);
              deliveries.unsubscribe(droppedProducers);
              live.end(
                  "module "
                      + name
                      + " was upgraded to version "
                      + schema.version()
                      + "; subscribe again");
              deliveries.registerSubscriptions(upgraded);
              armSchedules(upgraded);
              deploy.replyTo().tell(new Deployed(info(upgraded)));
            });
  }

  // ---- calls and deliveries ---------------------------------------------------------------

  private Effect<Event, ModuleState> onCall(ModuleState state, Call call) {
    if (!state.deployed()) {
      return refuse(state, call.replyTo(), ErrorKind.UNKNOWN_MODULE, notDeployed());
    }
    if (loaded == null) {
      call.replyTo().tell(new Failed(ErrorKind.BAD_MODULE, loadError));
      return Effect().none();
    }
    enqueue(call);
    return Effect().none();
  }

  private Effect<Event, ModuleState> onDeliver(ModuleState state, Deliver delivery) {
    if (!state.deployed()) {
      deliveries.reject(delivery, notDeployed());
      return refuse(state, null, ErrorKind.UNKNOWN_MODULE, notDeployed());
    }
    if (loaded == null) {
      // The entry stays with its sender, which resends it once the module can run again.
      return Effect().none();
    }
    switch (deliveries.judge(state, delivery)) {
      case RUN:
        enqueue(delivery);
        break;
      case DUPLICATE:
        deliveries.acknowledgeDuplicate(delivery);
        break;
      default:
        break;
    }
    return Effect().none();
  }

  private void enqueue(Queued work) {
    pending.add(work);
    scheduleFlush();
  }

  private void scheduleFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      context.getSelf().tell(Flush.INSTANCE);
    }
  }

  private Effect<Event, ModuleState> onFlush(ModuleState state) {
    flushScheduled = false;
    var events = new ArrayList<Event>();
    var replies = new ArrayList<Runnable>();
    var callers = new ArrayList<ActorRef<CallReply>>();
    var consumed = new ArrayList<InboxEntry>();
    for (int i = 0; i < settings.maxBatch() && !pending.isEmpty(); i++) {
      var work = pending.poll();
      if (work instanceof Call call) {
        callers.add(call.replyTo());
        replies.add(execute(state, call, events));
      } else if (work instanceof ScheduledRun run) {
        queuedSchedules.remove(run.id());
        runSchedule(state, run.id(), events);
      } else {
        var delivery = (Deliver) work;
        consume(state, delivery, events);
        consumed.add(new InboxEntry(delivery.sender(), delivery.seq()));
      }
    }
    if (!pending.isEmpty()) {
      scheduleFlush();
    }
    if (events.isEmpty()) {
      replies.forEach(Runnable::run);
      return Effect().none();
    }
    events.addAll(deliveries.drainAcks());
    var sent = new ArrayList<OutboxEntry>();
    for (var event : events) {
      if (event instanceof TxCommitted tx) {
        sent.addAll(tx.outbox());
      }
    }
    state.markAppliedLive(events.size());
    inFlight = callers;
    var batch = published;
    published = new ArrayList<>();
    return Effect()
        .persist(events)
        .thenRun(
            persisted -> {
              inFlight = List.of();
              replies.forEach(Runnable::run);
              live.publish(batch);
              deliveries.consumedDurably(consumed);
              deliveries.sendNew(sent);
              armSchedules(persisted);
            });
  }

  /** Runs one queued call; returns how to answer it once the batch is durable. */
  private Runnable execute(ModuleState state, Call call, List<Event> events) {
    var reducer = publicReducer(state.schema(), call.reducer());
    if (reducer == null) {
      var failed = new Failed(ErrorKind.UNKNOWN_REDUCER, noReducer(state.schema(), call.reducer()));
      return () -> call.replyTo().tell(failed);
    }
    Object[] args;
    try {
      args = ArgsDecoder.decode(name + "." + reducer.name(), reducer.params(), call.args());
    } catch (ArgsDecoder.ArgsException e) {
      var failed = new Failed(ErrorKind.BAD_ARGUMENTS, e.getMessage());
      return () -> call.replyTo().tell(failed);
    }
    var outcome = runner.run(state, loaded, reducer, args, call.caller(), 0, null, 0);
    if (outcome instanceof TransactionRunner.Refused refused) {
      var failed = new Failed(refused.kind(), refused.message());
      return () -> call.replyTo().tell(failed);
    }
    var event = published((TransactionRunner.Succeeded) outcome);
    events.add(event);
    var committed = new Committed(event.txId(), event.timestampMicros());
    return () -> call.replyTo().tell(committed);
  }

  /**
   * Runs one delivery. Whatever happens it is consumed: a reducer that cannot run (unknown, wrong
   * arguments, failing) is logged as a consumed delivery with its error, so it never runs twice.
   */
  private void consume(ModuleState state, Deliver delivery, List<Event> events) {
    var inbox = new InboxEntry(delivery.sender(), delivery.seq());
    var caller = "module:" + delivery.sender();
    var reducer = state.schema().reducer(delivery.reducer()).orElse(null);
    if (delivery.kind() == OutboxEntry.Kind.CALL) {
      reducer = publicReducer(state.schema(), delivery.reducer());
    }
    TransactionRunner.Outcome outcome;
    if (reducer == null) {
      outcome =
          runner.consumedWithError(
              state,
              delivery.reducer(),
              caller,
              inbox,
              0,
              ErrorKind.UNKNOWN_REDUCER,
              noReducer(state.schema(), delivery.reducer()));
    } else {
      Object[] args;
      try {
        args =
            ArgsDecoder.decode(
                name + "." + reducer.name(),
                reducer.params(),
                new Args.Json(
                    new String(delivery.args(), java.nio.charset.StandardCharsets.UTF_8)));
        outcome = runner.run(state, loaded, reducer, args, caller, delivery.depth(), inbox, 0);
      } catch (ArgsDecoder.ArgsException e) {
        outcome =
            runner.consumedWithError(
                state, reducer.name(), caller, inbox, 0, ErrorKind.BAD_ARGUMENTS, e.getMessage());
      }
    }
    if (outcome instanceof TransactionRunner.Refused refused) {
      context
          .getLog()
          .warn(
              "module {}: delivery {} #{} ({}) to {} failed: {}",
              name,
              delivery.sender(),
              delivery.seq(),
              delivery.cause(),
              delivery.reducer(),
              refused.message());
      events.add(refused.record());
    } else {
      events.add(published((TransactionRunner.Succeeded) outcome));
    }
  }

  /** Notes a committed transaction for live subscribers; returns its event. */
  private TxCommitted published(TransactionRunner.Succeeded succeeded) {
    if (!live.isEmpty()) {
      published.add(new LiveSubscribers.Published(succeeded.event().txId(), succeeded.changes()));
    }
    return succeeded.event();
  }

  private Effect<Event, ModuleState> onSubscribeLive(ModuleState state, SubscribeLive subscribe) {
    if (!state.deployed()) {
      return refuse(state, subscribe.replyTo(), ErrorKind.UNKNOWN_MODULE, notDeployed());
    }
    var rows = new java.util.LinkedHashMap<String, List<Object[]>>();
    for (var table : new java.util.TreeSet<>(subscribe.tables())) {
      var schema = state.tableSchema(table);
      if (schema == null || schema.visibility() == Visibility.PRIVATE) {
        subscribe
            .replyTo()
            .tell(
                new Failed(
                    ErrorKind.UNKNOWN_TABLE,
                    "module " + name + " has no public table named " + table));
        return Effect().none();
      }
      var tableRows = new ArrayList<Object[]>();
      state.tables().table(table).scan().forEachRemaining(tableRows::add);
      rows.put(table, tableRows);
    }
    subscribe.subscriber().tell(new LiveUpdate.Current(name, state.lastTxId(), rows));
    live.add(subscribe.subscriber(), subscribe.tables());
    context.watchWith(subscribe.subscriber(), new UnsubscribeLive(subscribe.subscriber()));
    subscribe.replyTo().tell(new Described(info(state)));
    return Effect().none();
  }

  // ---- schedules --------------------------------------------------------------------------

  /** Sets the schedule timer to the earliest due schedule, or cancels it when there is none. */
  private void armSchedules(ModuleState state) {
    long due = state.schedules().earliestDue();
    if (due == Long.MAX_VALUE || loaded == null) {
      timers.cancel(FireSchedules.INSTANCE);
      return;
    }
    long delay = Math.max(0, due - nowMicros());
    timers.startSingleTimer(FireSchedules.INSTANCE, java.time.Duration.ofNanos(delay * 1_000));
  }

  /** Queues every due schedule; each runs as a transaction of the next batch. */
  private Effect<Event, ModuleState> onFireSchedules(ModuleState state) {
    if (!state.deployed() || loaded == null) {
      return Effect().none();
    }
    long now = nowMicros();
    for (var schedule : state.schedules().all()) {
      if (schedule.dueMicros() <= now && queuedSchedules.add(schedule.id())) {
        enqueue(new ScheduledRun(schedule.id()));
      }
    }
    armSchedules(state);
    return Effect().none();
  }

  /**
   * Runs a due schedule. Whatever happens the run is used up (a one-off schedule ends, a repeating
   * one moves to its next time): a reducer that cannot run is logged with its error.
   */
  private void runSchedule(ModuleState state, long id, List<Event> events) {
    var schedule = state.schedules().get(id);
    if (schedule == null) {
      return; // cancelled after it was queued
    }
    var caller = "schedule:" + id;
    var reducer = state.schema().reducer(schedule.reducer()).orElse(null);
    TransactionRunner.Outcome outcome;
    if (reducer == null) {
      outcome =
          runner.consumedWithError(
              state,
              schedule.reducer(),
              caller,
              null,
              id,
              ErrorKind.UNKNOWN_REDUCER,
              noReducer(state.schema(), schedule.reducer()));
    } else {
      try {
        var args =
            ArgsDecoder.decode(
                name + "." + reducer.name(), reducer.params(), new Args.Json(schedule.argsJson()));
        outcome = runner.run(state, loaded, reducer, args, caller, 0, null, id);
      } catch (ArgsDecoder.ArgsException e) {
        outcome =
            runner.consumedWithError(
                state, reducer.name(), caller, null, id, ErrorKind.BAD_ARGUMENTS, e.getMessage());
      }
    }
    if (outcome instanceof TransactionRunner.Refused refused) {
      context
          .getLog()
          .warn(
              "module {}: schedule {} of {} failed: {}",
              name,
              id,
              schedule.reducer(),
              refused.message());
      events.add(refused.record());
    } else {
      events.add(published((TransactionRunner.Succeeded) outcome));
    }
  }

  // ---- the producer's side ----------------------------------------------------------------

  private Effect<Event, ModuleState> onAcknowledge(ModuleState state, Acknowledge ack) {
    if (!state.deployed()) {
      return Effect().none();
    }
    if (ack.rejected() != null) {
      context
          .getLog()
          .error(
              "module {}: messages to {} up to #{} are dropped: {}",
              name,
              ack.consumer(),
              ack.upTo(),
              ack.rejected());
    }
    if (state.outbox().acknowledge(ack.consumer(), ack.upTo())) {
      deliveries.acknowledged(ack.consumer(), ack.upTo());
    }
    return Effect().none();
  }

  private Effect<Event, ModuleState> onRegisterSubscriptions(
      ModuleState state, RegisterSubscriptions register) {
    var producer = name;
    if (!state.deployed()) {
      deliveries.send(register.subscriber(), new SubscriptionsRegistered(producer, notDeployed()));
      return refuse(state, null, ErrorKind.UNKNOWN_MODULE, notDeployed());
    }
    if (state.subscribers().of(register.subscriber()).equals(register.subscriptions())) {
      deliveries.send(register.subscriber(), new SubscriptionsRegistered(producer, null));
      return Effect().none();
    }
    var changed = new SubscriptionsChanged(register.subscriber(), register.subscriptions());
    state.subscriptionsLive(changed);
    state.markAppliedLive(1);
    return Effect()
        .persist(changed)
        .thenRun(
            s ->
                deliveries.send(
                    register.subscriber(), new SubscriptionsRegistered(producer, null)));
  }

  private Effect<Event, ModuleState> onSubscriptionsRegistered(
      ModuleState state, SubscriptionsRegistered registered) {
    if (registered.problem() != null) {
      context
          .getLog()
          .error(
              "module {}: {} refused its subscriptions: {}",
              name,
              registered.producer(),
              registered.problem());
    }
    deliveries.confirmed(registered.producer());
    return Effect().none();
  }

  /** Resends what is stuck, and logs acknowledgements that have waited for a write. */
  private Effect<Event, ModuleState> onTick(ModuleState state) {
    if (!state.deployed()) {
      return Effect().none();
    }
    deliveries.tick(state.outbox());
    if (deliveries.hasUnconfirmedProducers()) {
      deliveries.resendRegistrations(state.schema());
    }
    if (!deliveries.hasUnloggedAcks() || flushScheduled) {
      return Effect().none();
    }
    var acks = deliveries.drainAcks();
    state.markAppliedLive(acks.size());
    return Effect().persist(acks);
  }

  private Effect<Event, ModuleState> onQuery(ModuleState state, Query query) {
    if (!state.deployed()) {
      return refuse(state, query.replyTo(), ErrorKind.UNKNOWN_MODULE, notDeployed());
    }
    var schema = state.schema().query(query.query()).orElse(null);
    if (schema == null) {
      query
          .replyTo()
          .tell(
              new Failed(
                  ErrorKind.UNKNOWN_REDUCER,
                  "module " + name + " has no query named " + query.query()));
      return Effect().none();
    }
    if (loaded == null) {
      query.replyTo().tell(new Failed(ErrorKind.BAD_MODULE, loadError));
      return Effect().none();
    }
    query.replyTo().tell(runQuery(state, schema, query));
    return Effect().none();
  }

  private QueryReply runQuery(
      ModuleState state, io.interstice.sdk.schema.QuerySchema schema, Query query) {
    var what = name + "." + schema.name();
    Object[] args;
    try {
      args = ArgsDecoder.decode(what, schema.params(), query.args());
    } catch (ArgsDecoder.ArgsException e) {
      return new Failed(ErrorKind.BAD_ARGUMENTS, e.getMessage());
    }
    try {
      return new Answered(
          schema.resultType(), loaded.runQuery(schema, args, state.tables(), query.caller()));
    } catch (ReducerException e) {
      return new Failed(ErrorKind.REDUCER_FAILED, e.getMessage());
    } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
      context.getLog().warn("query {} failed", what, e);
      return new Failed(ErrorKind.MODULE_FAILED, what + " failed: " + e);
    }
  }

  private Effect<Event, ModuleState> onReadRows(ModuleState state, ReadRows read) {
    if (!state.deployed()) {
      return refuse(state, read.replyTo(), ErrorKind.UNKNOWN_MODULE, notDeployed());
    }
    var table = state.tableSchema(read.table());
    if (table == null || table.visibility() == Visibility.PRIVATE) {
      read.replyTo()
          .tell(
              new Failed(
                  ErrorKind.UNKNOWN_TABLE,
                  "module " + name + " has no public table named " + read.table()));
      return Effect().none();
    }
    var rows = new ArrayList<Object[]>();
    state.tables().table(table.name()).scan().forEachRemaining(rows::add);
    read.replyTo().tell(new Rows(table, rows));
    return Effect().none();
  }

  private Effect<Event, ModuleState> onDescribe(ModuleState state, Describe describe) {
    if (!state.deployed()) {
      return refuse(state, describe.replyTo(), ErrorKind.UNKNOWN_MODULE, notDeployed());
    }
    describe.replyTo().tell(new Described(info(state)));
    return Effect().none();
  }

  // ---- helpers ----------------------------------------------------------------------------

  /**
   * Answers with a refusal. An actor that holds no module asks to be passivated, so that requests
   * for names that were never deployed do not leave actors behind.
   */
  private <R> Effect<Event, ModuleState> refuse(
      ModuleState state, ActorRef<R> replyTo, ErrorKind kind, String message) {
    if (replyTo != null) {
      @SuppressWarnings("unchecked")
      var failed = (R) new Failed(kind, message);
      replyTo.tell(failed);
    }
    if (!state.deployed() && !deploying && shard != null) {
      shard.tell(new ClusterSharding.Passivate<>(context.getSelf()));
    }
    return Effect().none();
  }

  private LoadedModule load(ModuleCode code) {
    if (code instanceof ModuleCode.JavaClass javaClass) {
      return JavaLoadedModule.load(javaClass, settings.classLoader());
    }
    throw new ModuleLoadException("module " + name + ": unsupported code " + code.describe());
  }

  private ModuleInfo info(ModuleState state) {
    return new ModuleInfo(
        name,
        state.schema().version(),
        state.code().describe(),
        state.schema(),
        state.lastTxId(),
        recovery);
  }

  private String notDeployed() {
    return "module " + name + " is not deployed";
  }

  private static ReducerSchema publicReducer(ModuleSchema schema, String reducerName) {
    var reducer = schema.reducer(reducerName).orElse(null);
    if (reducer == null
        || reducer.visibility() != Visibility.PUBLIC
        || reducer.lifecycle() != Lifecycle.NONE) {
      return null;
    }
    return reducer;
  }

  private String noReducer(ModuleSchema schema, String reducerName) {
    var names = new ArrayList<String>();
    for (var reducer : schema.reducers()) {
      if (publicReducer(schema, reducer.name()) != null) {
        names.add(reducer.name());
      }
    }
    return "module "
        + name
        + " has no public reducer named "
        + reducerName
        + " (public reducers: "
        + String.join(", ", names)
        + ")";
  }

  private long nowMicros() {
    var now = settings.clock().instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
