package io.interstice.runtime.module;

import io.interstice.journal.JournalRegistry;
import io.interstice.journal.ReplayPacer;
import io.interstice.runtime.ClusterMessage;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.LiveUpdate;
import io.interstice.runtime.ModuleInfo;
import io.interstice.runtime.metrics.NodeMetrics;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.module.code.LoadedModule;
import io.interstice.runtime.module.code.LogContext;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.outbox.OutboxEntry;
import io.interstice.runtime.module.outbox.SubscriptionCheck;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleState;
import io.interstice.runtime.module.state.Trigger;
import io.interstice.runtime.module.tx.TransactionRunner;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.SubscriptionSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.DeleteEventsFailed;
import org.apache.pekko.persistence.typed.DeleteSnapshotsFailed;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.SnapshotCompleted;
import org.apache.pekko.persistence.typed.SnapshotFailed;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
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
 * in the same order. The binary log acknowledges the write once it is queued (pipelined writes), so
 * the next batch runs while it is forced; {@link DurabilityGate} holds everything that shows the
 * batch — answers, live updates, deliveries, reads — until the log reports the force.
 *
 * <p>This class holds the protocol and wires the handlers, which live by concern in package-private
 * classes: {@link ModuleInstaller} (deploy, upgrade, reload after recovery), {@link BatchRunner}
 * and {@link WorkExecutor} (queued work into one persisted batch), {@link ScheduleTimer}, {@link
 * ProducerSide} (the producer's side of the outbox protocol) and {@link ModuleReads} (queries,
 * rows, describe, live subscriptions), sharing {@link ModuleContext}.
 *
 * <p>Not thread-safe beyond what an actor is: all fields, and the handler objects with theirs, are
 * confined to the actor.
 */
public final class ModuleActor
    extends EventSourcedBehavior<ModuleActor.Command, ModuleEvent, ModuleState> {

  /** The sharding entity type of modules. */
  public static final EntityTypeKey<Command> TYPE_KEY =
      EntityTypeKey.create(Command.class, "Module");

  /**
   * The dispatcher module actors run on: threads with a large stack ({@link LargeStackExecutor}).
   */
  public static final String DISPATCHER = "interstice.module.dispatcher";

  // ---- protocol -------------------------------------------------------------------------

  /**
   * What a module actor accepts. A command that may come from another node (through sharding) is a
   * {@link ClusterMessage}; one that never leaves the actor's node is {@link
   * NoSerializationVerificationNeeded}, and says why.
   */
  public sealed interface Command {}

  /** Deploys the module from {@code code}; idempotent for the same code and schema. */
  public record Deploy(ModuleCode code, ActorRef<DeployReply> replyTo)
      implements Command, ClusterMessage {}

  /**
   * Removes the module: its code, tables and schedules are gone, its unsent messages dropped; the
   * name can be deployed again. For a module that failed to recover, one of the two ways out (the
   * other is an upgrade).
   */
  public record Remove(ActorRef<RemoveReply> replyTo) implements Command, ClusterMessage {}

  /** Work that runs as a transaction in the next batch: a client's call or a delivery. */
  interface Queued {}

  /**
   * Calls a public reducer; answered once the transaction is durable, or with the refusal. With an
   * {@code idempotencyKey} (null for none; 1 to 128 printable ASCII characters) a call whose key
   * the module remembers is answered with the transaction that key committed, and never runs again;
   * see "Idempotent calls" in {@code docs/runtime.md}. {@code receivedNanos} ({@link
   * System#nanoTime}) is when the call reached the node: made there, or read from another node (its
   * serializer stamps it then). Its latency is measured from there, so waits in any stash (Pekko's
   * while a batch is written, the supervisor's while the actor restarts) count.
   */
  public record Call(
      String reducer,
      Args args,
      String caller,
      String idempotencyKey,
      ActorRef<CallReply> replyTo,
      long receivedNanos,
      LocalAnswer answer)
      implements Command, Queued, ClusterMessage {

    /** A call answered to {@code replyTo}, received at {@code receivedNanos}. */
    public Call(
        String reducer,
        Args args,
        String caller,
        String idempotencyKey,
        ActorRef<CallReply> replyTo,
        long receivedNanos) {
      this(reducer, args, caller, idempotencyKey, replyTo, receivedNanos, null);
    }

    /** A call, stamped now. */
    public Call(
        String reducer,
        Args args,
        String caller,
        String idempotencyKey,
        ActorRef<CallReply> replyTo) {
      this(reducer, args, caller, idempotencyKey, replyTo, System.nanoTime());
    }

    /** A call without an idempotency key. */
    public Call(String reducer, Args args, String caller, ActorRef<CallReply> replyTo) {
      this(reducer, args, caller, null, replyTo);
    }

    /** This call of a batch, answered in {@code slot}. */
    Call inBatch(BatchSlot slot) {
      return new Call(reducer, args, caller, idempotencyKey, null, receivedNanos, slot);
    }

    /** The same call, answered to {@code to} instead of locally. */
    Call replyingTo(ActorRef<CallReply> to) {
      return new Call(reducer, args, caller, idempotencyKey, to, receivedNanos, null);
    }

    /** Sends the call its answer: to its {@code replyTo}, or to its local answer. */
    void reply(CallReply reply) {
      if (answer != null) {
        answer.answer(reply);
      } else {
        replyTo.tell(reply);
      }
    }
  }

  /**
   * A call made on the node that runs the module, told straight to its actor ({@link LocalModules})
   * and answered by completing a future instead of through a reply-to actor. Never leaves its node,
   * so it is not checked for serialization ({@code serialize-messages}); one that reaches the actor
   * after it stopped goes on through sharding as a plain {@link Call} ({@link
   * DeadLetterRerouting}).
   */
  public record LocalCall(Call call) implements Command, NoSerializationVerificationNeeded {

    /** A call answered by completing {@code answer}. */
    public static LocalCall answering(
        String reducer,
        Args args,
        String caller,
        String idempotencyKey,
        CompletableFuture<CallReply> answer) {
      return new LocalCall(
          new Call(
              reducer,
              args,
              caller,
              idempotencyKey,
              null,
              System.nanoTime(),
              LocalAnswer.of(answer)));
    }
  }

  /**
   * Calls of this module sent as one message (the call channel's arrays, {@link
   * io.interstice.runtime.node.IntersticeNode#callAllAsync}): each runs as if it had come alone, in
   * the order given, and {@code replyTo} gets one {@link CallsAnswered} with every call's answer in
   * that order once the last of them is answered. The calls' own {@code replyTo} is unused (null).
   */
  public record CallBatch(List<Call> calls, ActorRef<BatchReply> replyTo)
      implements Command, ClusterMessage {

    /**
     * The calls as the handlers take them: each answered in its place of the batch's answer ({@link
     * BatchSlot}). Made once, by the handler that takes the batch.
     */
    List<Call> slotted() {
      var slots = BatchSlot.forBatch(calls.size(), replyTo);
      var slotted = new ArrayList<Call>(calls.size());
      for (int i = 0; i < slots.length; i++) {
        slotted.add(calls.get(i).inBatch(slots[i]));
      }
      return slotted;
    }
  }

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
      implements Command, Queued, ClusterMessage {
    /** The delivery as the transaction that consumes it records it. */
    Trigger.Delivery trigger() {
      return new Trigger.Delivery(sender, seq);
    }
  }

  /**
   * Module {@code consumer} has durably consumed this module's entries to it up to {@code upTo};
   * or, with a {@code rejected} reason, will never consume them (it is not deployed).
   */
  public record Acknowledge(String consumer, long upTo, String rejected)
      implements Command, ClusterMessage {}

  /** Module {@code subscriber} subscribes to this module's tables with exactly these. */
  public record RegisterSubscriptions(String subscriber, List<SubscriptionSchema> subscriptions)
      implements Command, ClusterMessage {}

  /** The producer has recorded the subscriptions ({@code problem} null) or refused them. */
  public record SubscriptionsRegistered(String producer, String problem)
      implements Command, ClusterMessage {}

  /**
   * A deploy's code was loaded off the actor's thread: the module, or why there is none. Local: the
   * actor sends it itself ({@code pipeToSelf}), and it holds the loaded code, a live object.
   */
  record Loaded(Deploy deploy, DeployLoader.Outcome outcome)
      implements Command, NoSerializationVerificationNeeded {}

  /**
   * The schemas of the modules a module being deployed subscribes to have arrived. Local: the actor
   * sends it itself ({@code pipeToSelf}), and it holds the loaded code, a live object.
   */
  record ProducersDescribed(Deploy deploy, LoadedModule module, Map<String, ModuleSchema> schemas)
      implements Command, NoSerializationVerificationNeeded {}

  /**
   * Runs the schedules that are due. Local: only the module's own schedule timer sends it, to its
   * actor.
   */
  enum FireSchedules implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  /** A due schedule queued to run in the next batch. */
  record DueSchedule(long id) implements Queued {}

  /**
   * Starts a live subscription: {@code subscriber} gets the current rows of {@code tables}, then
   * every durable change to them (see {@link LiveUpdate}). Answered with {@link Described} or
   * {@link Failed}.
   */
  public record SubscribeLive(
      Set<String> tables, ActorRef<LiveUpdate> subscriber, ActorRef<DescribeReply> replyTo)
      implements Command, ClusterMessage {}

  /** Ends a live subscription. */
  public record UnsubscribeLive(ActorRef<LiveUpdate> subscriber)
      implements Command, ClusterMessage {}

  /**
   * Periodic resend of unacknowledged entries and unconfirmed subscriptions. Local: only the
   * actor's own timer sends it.
   */
  enum Tick implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  /** Runs a query on committed state. */
  public record Query(String query, Args args, String caller, ActorRef<QueryReply> replyTo)
      implements Command, ClusterMessage {}

  /**
   * Reads up to {@code limit} committed rows of a public table in primary key order, starting after
   * the row whose primary key is {@code afterKey} (JSON of the key's type; null: from the first).
   */
  public record ReadRows(String table, String afterKey, int limit, ActorRef<RowsReply> replyTo)
      implements Command, ClusterMessage {}

  /** Describes the deployed module. */
  public record Describe(ActorRef<DescribeReply> replyTo) implements Command, ClusterMessage {}

  /** Runs the queued calls. Local: the actor sends it only to itself. */
  enum Flush implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  /**
   * Restarts the actor, which then rebuilds its tables from the log (sent by the actor to itself
   * when a failure left them untrustworthy). {@code incarnation} is the gate of the incarnation
   * that asked: several batches may ask before the first request restarts the actor, and a request
   * that outlived its incarnation must not restart the rebuilt one. {@code behindStash}: the
   * request went round the mailbox once more after everything it waited for was forced, so that
   * every command Pekko's persistence stash held when it came (which a restart would drop
   * unanswered) was handled before it (see {@link ModuleActor#onRestart}). Local: the actor sends
   * it only to itself.
   */
  record Restart(DurabilityGate incarnation, boolean behindStash)
      implements Command, NoSerializationVerificationNeeded {}

  /**
   * The journal forced this actor's events up to {@code sequenceNr} ({@link DurabilityGate}).
   * Local: the gate's watch tells its own actor, from the log's writer thread; {@code gate} says
   * which incarnation of the actor it is for.
   */
  record Forced(DurabilityGate gate, long sequenceNr)
      implements Command, NoSerializationVerificationNeeded {}

  /**
   * A write of this actor acknowledged before its force was lost: the actor restarts from its log.
   * Local, like {@link Forced}.
   */
  record ForceFailed(DurabilityGate gate, Throwable cause)
      implements Command, NoSerializationVerificationNeeded {}

  /**
   * Stops the actor (sharding's passivation message). Local: sharding's shard sends it to its own
   * child entities when it hands them off or the node leaves, and a module whose deploy failed
   * sends it itself; no other node ever sends it.
   */
  public enum Stop implements Command, NoSerializationVerificationNeeded {
    INSTANCE
  }

  // Every reply may go to an asker on another node.

  public sealed interface DeployReply extends ClusterMessage {}

  public sealed interface CallReply extends ClusterMessage {}

  /** What a {@link CallBatch} is answered with. */
  public sealed interface BatchReply extends ClusterMessage {}

  public sealed interface QueryReply extends ClusterMessage {}

  public sealed interface RowsReply extends ClusterMessage {}

  public sealed interface DescribeReply extends ClusterMessage {}

  public sealed interface RemoveReply extends ClusterMessage {}

  /** A refusal or failure of any command; nothing changed. */
  public record Failed(ErrorKind kind, String message)
      implements DeployReply,
          CallReply,
          BatchReply,
          QueryReply,
          RowsReply,
          DescribeReply,
          RemoveReply {}

  /** The module's removal is durable. */
  public record Removed(String module) implements RemoveReply {}

  public record Deployed(ModuleInfo info) implements DeployReply {}

  /** The call's transaction is durable. */
  public record Committed(long txId, long timestampMicros) implements CallReply {}

  /** The answers to the calls of a {@link CallBatch}, in its order. */
  public record CallsAnswered(List<CallReply> replies) implements BatchReply {}

  /** A query's result, a value of {@code type}. */
  public record Answered(Type type, Object value) implements QueryReply {}

  /**
   * A table's committed rows, in primary key order; {@code more} when rows past the last one
   * returned exist.
   */
  public record Rows(TableSchema table, List<Object[]> rows, boolean more) implements RowsReply {}

  public record Described(ModuleInfo info) implements DescribeReply {}

  // ---- behaviour --------------------------------------------------------------------------

  private final String name;
  private final ActorContext<Command> context;
  private final ModuleSettings settings;
  private final ModuleContext runtime;
  private final ScheduleTimer schedules;
  private final BatchRunner batches;
  private final ModuleInstaller installer;
  private final ProducerSide producer;
  private final ModuleReads reads;
  private final StageRefusals refusals;

  private final long startedNanos = System.nanoTime();
  private boolean recovering = true;
  private long replayedEvents;
  private final JournalRegistry journals;
  private final ReplayPacer pacer;
  private final SnapshotRetention retention;

  /** The command handler, built once; a {@link LocalCall} goes through it as its call. */
  private CommandHandler<Command, ModuleEvent, ModuleState> handler;

  private ModuleActor(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      String name,
      ModuleSettings settings,
      ActorRef<ClusterSharding.ShardCommand> shard,
      NodeMetrics metrics) {
    super(persistenceId(name));
    this.name = name;
    // Before the recovery starts: the replay reads the log ahead of this actor by a bounded
    // number of events, not its whole history into the mailbox.
    this.journals = JournalRegistry.ID.get(Adapter.toClassic(context.getSystem()));
    this.pacer = journals.expectReplay(persistenceId().id());
    this.retention =
        new SnapshotRetention(persistenceId().id(), settings, journals, context.getLog());
    this.context = context;
    this.settings = settings;
    this.runtime =
        new ModuleContext(
            name,
            context,
            settings,
            shard,
            Effect(),
            metrics.module(name),
            () -> lastSequenceNumber(context));
    // Writes are acknowledged once queued; the gate holds back what they show until forced.
    journals.watch(persistenceId().id(), runtime.gate().watch());
    var runner =
        new TransactionRunner(
            name,
            settings.clock(),
            settings.maxDeliveryDepth(),
            settings.limits(),
            runtime.warnings());
    this.schedules = new ScheduleTimer(runtime, timers);
    this.batches = new BatchRunner(runtime, new WorkExecutor(runtime, runner), schedules);
    this.installer = new ModuleInstaller(runtime, runner, schedules);
    this.producer = new ProducerSide(runtime);
    this.reads = new ModuleReads(runtime);
    this.refusals = new StageRefusals(runtime);
    timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.redeliverInterval());
    runtime.joinLocalModules();
  }

  /** {@code module|<name>}. */
  public static PersistenceId persistenceId(String module) {
    return PersistenceId.of("module", module, "|");
  }

  /**
   * The actor of module {@code name}, reporting to {@code metrics}. {@code shard} (may be null
   * outside sharding) is told to passivate the actor when it holds no module.
   */
  public static Behavior<Command> create(
      String name,
      ModuleSettings settings,
      ActorRef<ClusterSharding.ShardCommand> shard,
      NodeMetrics metrics) {
    Behavior<Command> module =
        Behaviors.withTimers(
            timers ->
                Behaviors.setup(
                    context -> {
                      var actor = new ModuleActor(context, timers, name, settings, shard, metrics);
                      return Behaviors.intercept(
                          () -> new ForceReports(actor.runtime.gate()), actor);
                    }));
    // Backing off keeps a module that loses its tables at every call from replaying its log in a
    // tight loop; commands that arrive meanwhile wait in the supervisor's stash.
    var supervised =
        Behaviors.supervise(module)
            .onFailure(
                RestartException.class,
                SupervisorStrategy.restartWithBackoff(
                        Duration.ofMillis(100), Duration.ofSeconds(10), 0.2)
                    .withResetBackoffAfter(Duration.ofMinutes(1)));
    return supervised;
  }

  /** Thrown by the {@link Restart} command so that the supervisor restarts the actor. */
  static final class RestartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RestartException(String module) {
      super(
          "module " + module + " restarts to rebuild its tables from its log", null, false, false);
    }
  }

  /**
   * Registers the {@code Module} entity type with Cluster Sharding on this node, its actors
   * reporting to {@code metrics}.
   */
  public static void initSharding(
      ActorSystem<?> system, ModuleSettings settings, NodeMetrics metrics) {
    ClusterSharding.get(system)
        .init(
            Entity.of(
                    TYPE_KEY,
                    entity -> create(entity.getEntityId(), settings, entity.getShard(), metrics))
                .withStopMessage(Stop.INSTANCE)
                .withEntityProps(DispatcherSelector.fromConfig(DISPATCHER)));
  }

  @Override
  public ModuleState emptyState() {
    var empty = ModuleState.empty(name);
    empty.idempotency().bound(settings.idempotency(), 0);
    return empty;
  }

  /**
   * Bounds the idempotency window of a state restored from a snapshot by this node's settings,
   * which the snapshot serializer does not know, before any event is applied to it.
   */
  @Override
  public SnapshotAdapter<ModuleState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(ModuleState state) {
        return state;
      }

      @Override
      public ModuleState fromJournal(Object stored) {
        var state = (ModuleState) stored;
        state.idempotency().bound(settings.idempotency(), state.lastTimestampMicros());
        return state;
      }
    };
  }

  /** Snapshots by transactions, not by events (see {@link SnapshotRetention}). */
  @Override
  public boolean shouldSnapshot(ModuleState state, ModuleEvent event, long sequenceNr) {
    return retention.due(state.lastTxId());
  }

  /**
   * The handlers, split by the module's {@link ModuleState.Stage stage}: a command goes to the
   * first group whose stage matches and that handles it, so a deploy in flight answers deploys,
   * removals and stops before its stage does, and the last two groups take what any deployed stage,
   * or any stage at all, handles alike. The table in {@code docs/runtime.md} is this method drawn.
   */
  @Override
  public CommandHandler<Command, ModuleEvent, ModuleState> commandHandler() {
    var handlers = newCommandHandlerBuilder();
    handlers
        .forState(ModuleState::deploying)
        .onCommand(Deploy.class, (state, deploy) -> installer.refuseBusy(state, deploy.replyTo()))
        .onCommand(Remove.class, (state, remove) -> installer.refuseBusy(state, remove.replyTo()))
        .onCommand(Stop.class, (state, stop) -> installer.onStopWhileDeploying());
    handlers
        .forState(in(ModuleState.Stage.ABSENT))
        .onCommand(Deploy.class, installer::onDeploy)
        .onCommand(Call.class, refusals::callNotDeployed)
        .onCommand(CallBatch.class, refusals::callsNotDeployed)
        .onCommand(Query.class, (state, query) -> refusals.notDeployed(state, query.replyTo()))
        .onCommand(ReadRows.class, (state, read) -> refusals.notDeployed(state, read.replyTo()))
        .onCommand(
            Describe.class, (state, describe) -> refusals.notDeployed(state, describe.replyTo()))
        .onCommand(
            SubscribeLive.class,
            (state, subscribe) -> refusals.notDeployed(state, subscribe.replyTo()))
        .onCommand(Remove.class, (state, remove) -> refusals.notDeployed(state, remove.replyTo()))
        .onCommand(Deliver.class, refusals::deliveryNotDeployed)
        .onCommand(RegisterSubscriptions.class, producer::refuseRegistrationAbsent)
        .onCommand(Acknowledge.class, refusals::ignore)
        .onCommand(Tick.class, refusals::ignore);
    handlers
        .forState(in(ModuleState.Stage.RUNNING))
        .onCommand(Call.class, batches::onCall)
        .onCommand(CallBatch.class, (state, batch) -> each(state, batch, batches::onCall))
        .onCommand(Deliver.class, batches::onDeliver)
        .onCommand(FireSchedules.class, (state, fire) -> onFireSchedules(state))
        .onCommand(Flush.class, (state, flush) -> batches.onFlush(state))
        .onCommand(Tick.class, (state, tick) -> producer.onTick(state, batches.flushScheduled()))
        .onCommand(RegisterSubscriptions.class, producer::onRegisterSubscriptions);
    handlers
        .forState(in(ModuleState.Stage.CANNOT_RUN))
        .onCommand(Call.class, refusals::callCannotRun)
        .onCommand(CallBatch.class, (state, batch) -> each(state, batch, refusals::callCannotRun))
        .onCommand(Deliver.class, refusals::deliveryWaits)
        .onCommand(Tick.class, (state, tick) -> producer.onTick(state, batches.flushScheduled()))
        .onCommand(RegisterSubscriptions.class, producer::onRegisterSubscriptions);
    handlers
        .forState(in(ModuleState.Stage.FAILED))
        .onCommand(Call.class, refusals::callFailed)
        .onCommand(CallBatch.class, (state, batch) -> each(state, batch, refusals::callFailed))
        .onCommand(Deliver.class, refusals::deliveryWaits)
        .onCommand(Tick.class, (state, tick) -> producer.onTickFailed(state))
        .onCommand(RegisterSubscriptions.class, producer::refuseRegistrationFailed);
    handlers
        .forState(ModuleState::deployed)
        .onCommand(Deploy.class, installer::onDeploy)
        .onCommand(Remove.class, this::onRemove)
        .onCommand(Query.class, reads::onQuery)
        .onCommand(ReadRows.class, reads::onReadRows)
        .onCommand(Describe.class, reads::onDescribe)
        .onCommand(SubscribeLive.class, reads::onSubscribeLive)
        .onCommand(Acknowledge.class, producer::onAcknowledge);
    handlers
        .forAnyState()
        .onCommand(Loaded.class, installer::onLoaded)
        .onCommand(ProducersDescribed.class, installer::onProducersDescribed)
        .onCommand(SubscriptionsRegistered.class, producer::onSubscriptionsRegistered)
        .onCommand(UnsubscribeLive.class, reads::onUnsubscribeLive)
        .onCommand(Flush.class, (state, flush) -> batches.onIdleFlush())
        .onCommand(FireSchedules.class, refusals::ignore)
        .onCommand(Stop.class, this::onStop)
        // Forced never gets here: ForceReports hands it to the gate ahead of the stash.
        .onCommand(ForceFailed.class, this::onForceFailed)
        .onCommand(Restart.class, this::onRestart)
        // Handled exactly as the call it carries: one table for both.
        .onCommand(LocalCall.class, (state, local) -> handler.apply(state, local.call()));
    handler = handlers.build();
    return handler;
  }

  /**
   * Handles each call of {@code batch} as if it had come alone; every handler given here queues or
   * answers the call and has no effect of its own.
   */
  private Effect<ModuleEvent, ModuleState> each(
      ModuleState state,
      CallBatch batch,
      BiFunction<ModuleState, Call, Effect<ModuleEvent, ModuleState>> handler) {
    for (var call : batch.slotted()) {
      handler.apply(state, call);
    }
    return Effect().none();
  }

  private static Predicate<ModuleState> in(ModuleState.Stage stage) {
    return state -> state.stage() == stage;
  }

  @Override
  public EventHandler<ModuleState, ModuleEvent> eventHandler() {
    return newEventHandlerBuilder().forAnyState().onAnyEvent(this::applyEvent);
  }

  @Override
  public SignalHandler<ModuleState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecovered)
        .onSignal(
            PostStop.instance(),
            state -> {
              runtime.leaveLocalModules();
              onStopped();
            })
        .onSignal(PreRestart.instance(), state -> onStopped())
        .onSignal(
            SnapshotCompleted.class, (state, done) -> retention.saved(done.metadata().sequenceNr()))
        .onSignal(SnapshotFailed.class, (state, failed) -> warn("snapshot", failed.getFailure()))
        .onSignal(
            DeleteEventsFailed.class,
            (state, failed) -> warn("deleting old events", failed.getFailure()))
        .onSignal(
            DeleteSnapshotsFailed.class,
            (state, failed) -> warn("deleting old snapshots", failed.getFailure()))
        .build();
  }

  /** A housekeeping step of the persistence plugin failed: logged with the module in the MDC. */
  private void warn(String step, Throwable failure) {
    LogContext.log(name, () -> context.getLog().warn("module {}: {} failed", name, step, failure));
  }

  private void logRecovered(ModuleState state, long snapshotSequenceNr) {
    if (state.failed()) {
      context.getLog().error("{}", state.failure().reason());
    }
    context
        .getLog()
        .info(
            "module {} recovered: {} transactions, {} events replayed{}, in {} ms",
            name,
            state.lastTxId(),
            replayedEvents,
            snapshotSequenceNr > 0 ? " after snapshot at " + snapshotSequenceNr : "",
            state.recovery().millis());
  }

  private ModuleState applyEvent(ModuleState state, ModuleEvent event) {
    if (recovering) {
      replayedEvents++;
      var applied = state.apply(event);
      pacer.consumed();
      return applied;
    }
    return state.apply(event);
  }

  /**
   * Recovery is over: nothing was delivered while replaying; now the module's code is loaded, its
   * unacknowledged outbox entries go out again and its subscriptions are registered again.
   */
  private void onRecovered(ModuleState state) {
    recovering = false;
    journals.replayDone(persistenceId().id(), pacer);
    long lastSequenceNr = lastSequenceNumber(context);
    long snapshotSequenceNr = lastSequenceNr - replayedEvents;
    var recovery =
        new ModuleInfo.RecoveryInfo(
            state.lastTxId(),
            replayedEvents,
            snapshotSequenceNr,
            (System.nanoTime() - startedNanos) / 1_000_000);
    state.recovered(recovery);
    retention.recovered(snapshotSequenceNr, state.lastTxId());
    if (!state.deployed()) {
      return;
    }
    runtime.metrics().recovered(System.nanoTime() - startedNanos);
    LogContext.log(name, null, state.lastTxId(), () -> logRecovered(state, snapshotSequenceNr));
    var deliveries = runtime.deliveries();
    deliveries.recovered(state);
    deliveries.resendAll(state.outbox());
    deliveries.registerSubscriptions(state);
    installer.loadRecovered(state);
  }

  /**
   * Stops the actor, once everything it holds back is forced: what it answers meanwhile comes from
   * writes that are almost surely durable, and the stop waits for them.
   */
  private Effect<ModuleEvent, ModuleState> onStop(ModuleState state, Stop stop) {
    // From now on the node's calls go through sharding, which holds them during a hand-off or a
    // passivation; what reached this actor directly already is answered or refused here.
    runtime.leaveLocalModules();
    var gate = runtime.gate();
    if (!gate.idle()) {
      gate.afterForce(() -> context.getSelf().tell(Stop.INSTANCE), () -> {});
      return Effect().none();
    }
    runtime.stopping(state);
    return Effect().stop();
  }

  /**
   * Restarts the actor from its log once everything it holds back is forced: the batch before a
   * failure that lost the tables was written, and its callers hear of it when it is durable, as
   * they would have without the failure.
   */
  private Effect<ModuleEvent, ModuleState> onRestart(ModuleState state, Restart restart) {
    var gate = runtime.gate();
    if (restart.incarnation() != gate) {
      return Effect().none(); // asked by an incarnation that has restarted since
    }
    if (!gate.idle()) {
      gate.afterForce(() -> context.getSelf().tell(restart), () -> {});
      return Effect().none();
    }
    if (!restart.behindStash()) {
      // The persistence stash may still hold commands that came during the last write: they
      // would be dropped by the restart, unanswered. Pekko appends what arrives meanwhile to that
      // stash, so this request comes back only after them (calls among them are refused when the
      // actor restarts; it runs no more batches now).
      context.getSelf().tell(new Restart(gate, true));
      return Effect().none();
    }
    throw new RestartException(name);
  }

  /**
   * A write acknowledged before its force was lost: the state holds batches the log does not. What
   * was held back of them is dropped (their callers hear so) and the actor restarts from its log.
   */
  private Effect<ModuleEvent, ModuleState> onForceFailed(ModuleState state, ForceFailed failed) {
    if (!runtime.gate().onFailed(failed)) {
      return Effect().none();
    }
    LogContext.log(
        name,
        () ->
            context
                .getLog()
                .error(
                    "module {}: a write was lost before it was forced; restarting from its log",
                    name,
                    failed.cause()));
    throw new RestartException(name);
  }

  /** Answers everyone still waiting: the module is gone until it is next used. */
  private void onStopped() {
    journals.replayDone(persistenceId().id(), pacer);
    journals.unwatch(persistenceId().id(), runtime.gate().watch());
    runtime.gate().dropAll();
    batches.failInFlight();
    runtime.live().end("module " + name + " stopped");
    batches.failPending();
  }

  /**
   * Removes the module: persisted, then its live subscribers and queued callers hear it is gone and
   * its producers that it no longer subscribes.
   */
  private Effect<ModuleEvent, ModuleState> onRemove(ModuleState state, Remove remove) {
    var producers = SubscriptionCheck.producers(state.schema());
    state.removeLive();
    batches.failPending();
    LogContext.log(name, () -> context.getLog().info("module {} removed", name));
    return runtime
        .persistApplied(state, List.of(new ModuleEvent.ModuleRemoved(runtime.nowMicros())))
        .thenRun(
            removed ->
                runtime.afterForce(
                    () -> {
                      runtime.live().end("module " + name + " was removed");
                      runtime.deliveries().unsubscribe(producers);
                      schedules.arm(removed);
                      remove.replyTo().tell(new Removed(name));
                    },
                    () -> remove.replyTo().tell(runtime.notDurable("removal"))));
  }

  /** Queues every due schedule; each runs as a transaction of the next batch. */
  private Effect<ModuleEvent, ModuleState> onFireSchedules(ModuleState state) {
    for (var id : schedules.takeDue(state)) {
      batches.enqueue(new DueSchedule(id));
    }
    schedules.arm(state);
    return Effect().none();
  }
}
