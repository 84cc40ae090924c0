package io.interstice.runtime.module;

import io.interstice.journal.serialization.KryoSerialized;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.ModuleInfo;
import io.interstice.runtime.javamodule.JavaLoadedModule;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.schema.Lifecycle;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.ReducerSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.schema.Visibility;
import io.interstice.sdk.value.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
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

  /** Calls a public reducer; answered once the transaction is durable, or with the refusal. */
  public record Call(String reducer, Args args, String caller, ActorRef<CallReply> replyTo)
      implements Command {}

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
   * reducer's parameters, and the changes to logged tables.
   */
  public record TxCommitted(
      long txId,
      long timestampMicros,
      long seed,
      String caller,
      String reducer,
      byte[] args,
      List<LoggedChange> changes)
      implements Event {
    public TxCommitted {
      Objects.requireNonNull(caller, "caller");
      Objects.requireNonNull(reducer, "reducer");
      Objects.requireNonNull(args, "args");
      changes = List.copyOf(changes);
    }
  }

  // ---- behaviour --------------------------------------------------------------------------

  private final String name;
  private final ActorContext<Command> context;
  private final ModuleSettings settings;
  private final ActorRef<ClusterSharding.ShardCommand> shard;
  private final TransactionRunner runner;
  private final ArrayDeque<Call> pending = new ArrayDeque<>();

  /** Callers of the batch being written, answered if the actor stops before it is durable. */
  private List<ActorRef<CallReply>> inFlight = List.of();

  private final long startedNanos = System.nanoTime();
  private boolean flushScheduled;
  private LoadedModule loaded;
  private String loadError;
  private boolean recovering = true;
  private long replayedEvents;
  private ModuleInfo.RecoveryInfo recovery = new ModuleInfo.RecoveryInfo(0, 0, 0, 0);

  private ModuleActor(
      ActorContext<Command> context,
      String name,
      ModuleSettings settings,
      ActorRef<ClusterSharding.ShardCommand> shard) {
    super(persistenceId(name));
    this.name = name;
    this.context = context;
    this.settings = settings;
    this.shard = shard;
    this.runner = new TransactionRunner(name, settings.clock());
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
    return Behaviors.setup(context -> new ModuleActor(context, name, settings, shard));
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
        .onCommand(Call.class, this::onCall)
        .onCommand(Flush.class, (state, flush) -> onFlush(state))
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
    } catch (ModuleLoadException e) {
      loadError = "module " + name + " cannot run: " + e.getMessage();
      context.getLog().error(loadError, e);
    }
  }

  /**
   * Answers everyone still waiting. A batch whose write had not completed is not acknowledged: the
   * journal failed it (the actor stops on a failed write) or the node is shutting down.
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
    var notRun =
        new Failed(ErrorKind.UNAVAILABLE, "module " + name + " stopped before running the call");
    pending.forEach(call -> call.replyTo().tell(notRun));
    pending.clear();
  }

  // ---- commands ---------------------------------------------------------------------------

  private Effect<Event, ModuleState> onDeploy(ModuleState state, Deploy deploy) {
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
      return refuse(
          state,
          deploy.replyTo(),
          ErrorKind.BAD_MODULE,
          "module "
              + name
              + " is already deployed (version "
              + state.schema().version()
              + ", "
              + state.code().describe()
              + "); this runtime version cannot upgrade a deployed module");
    }
    state.deployLive(deploy.code(), schema);
    var events = new ArrayList<Event>();
    events.add(new ModuleDeployed(deploy.code(), schema, nowMicros()));
    var init = schema.reducers().stream().filter(r -> r.lifecycle() == Lifecycle.INIT).findFirst();
    if (init.isPresent()) {
      var outcome = runner.run(state, module, init.get(), new Object[0], RUNTIME_CALLER);
      if (outcome instanceof TransactionRunner.Refused refused) {
        state.undeployLive();
        return refuse(
            state,
            deploy.replyTo(),
            refused.kind(),
            "module " + name + " was not deployed: its init reducer failed: " + refused.message());
      }
      events.add(((TransactionRunner.Succeeded) outcome).event());
    }
    loaded = module;
    loadError = null;
    state.markAppliedLive(events.size());
    context.getLog().info("module {} deployed from {}", name, deploy.code().describe());
    return Effect()
        .persist(events)
        .thenRun(deployed -> deploy.replyTo().tell(new Deployed(info(deployed))));
  }

  private Effect<Event, ModuleState> onCall(ModuleState state, Call call) {
    if (!state.deployed()) {
      return refuse(state, call.replyTo(), ErrorKind.UNKNOWN_MODULE, notDeployed());
    }
    if (loaded == null) {
      call.replyTo().tell(new Failed(ErrorKind.BAD_MODULE, loadError));
      return Effect().none();
    }
    pending.add(call);
    if (!flushScheduled) {
      flushScheduled = true;
      context.getSelf().tell(Flush.INSTANCE);
    }
    return Effect().none();
  }

  private Effect<Event, ModuleState> onFlush(ModuleState state) {
    flushScheduled = false;
    var events = new ArrayList<Event>();
    var replies = new ArrayList<Runnable>();
    var callers = new ArrayList<ActorRef<CallReply>>();
    for (int i = 0; i < settings.maxBatch() && !pending.isEmpty(); i++) {
      var call = pending.poll();
      callers.add(call.replyTo());
      replies.add(execute(state, call, events));
    }
    if (!pending.isEmpty()) {
      flushScheduled = true;
      context.getSelf().tell(Flush.INSTANCE);
    }
    if (events.isEmpty()) {
      replies.forEach(Runnable::run);
      return Effect().none();
    }
    state.markAppliedLive(events.size());
    inFlight = callers;
    return Effect()
        .persist(events)
        .thenRun(
            persisted -> {
              inFlight = List.of();
              replies.forEach(Runnable::run);
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
    var outcome = runner.run(state, loaded, reducer, args, call.caller());
    if (outcome instanceof TransactionRunner.Refused refused) {
      var failed = new Failed(refused.kind(), refused.message());
      return () -> call.replyTo().tell(failed);
    }
    var event = ((TransactionRunner.Succeeded) outcome).event();
    events.add(event);
    var committed = new Committed(event.txId(), event.timestampMicros());
    return () -> call.replyTo().tell(committed);
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
    @SuppressWarnings("unchecked")
    var failed = (R) new Failed(kind, message);
    replyTo.tell(failed);
    if (!state.deployed() && shard != null) {
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
