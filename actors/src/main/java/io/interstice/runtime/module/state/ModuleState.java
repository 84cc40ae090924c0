package io.interstice.runtime.module.state;

import io.interstice.journal.serialization.KryoSerialized;
import io.interstice.runtime.ModuleInfo;
import io.interstice.runtime.module.code.BoundedText;
import io.interstice.runtime.module.code.LoadedModule;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.outbox.Outbox;
import io.interstice.runtime.module.outbox.Subscribers;
import io.interstice.runtime.module.schedule.Schedules;
import io.interstice.runtime.table.ModuleTables;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.TableSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of one module actor: what is deployed (code and schema), its tables, and the id and
 * timestamp of the last committed transaction.
 *
 * <p><b>Deliberately mutable.</b> Copying a table per transaction is out of the question, so the
 * tables are changed in place and this object is returned from the event handler unchanged. It is
 * owned by its module actor and touched only on the actor's thread, with one exception: the
 * snapshot store serializes it on another thread while the actor stores a snapshot — Pekko stashes
 * every command until the snapshot is saved, so nothing changes it meanwhile.
 *
 * <p>Live transactions are applied to the tables while the reducer runs (see {@code
 * io.interstice.runtime.table.Transaction}); their events then come back through the event handler,
 * which must not apply them a second time. {@link #markAppliedLive} counts those events; replayed
 * events are applied from their logged bytes.
 */
public final class ModuleState implements KryoSerialized {
  private final String name;
  private ModuleCode code;
  private ModuleSchema schema;
  private ModuleTables tables;
  private Map<String, TableSchema> tableSchemas = Map.of();
  private long lastTxId;
  private long lastTimestampMicros;
  private int appliedLive;
  private Failure failure;
  private final Outbox outbox = new Outbox();
  private final Map<String, Long> inbox = new TreeMap<>();
  private final Subscribers subscribers = new Subscribers();
  private final Schedules schedules = new Schedules();
  private final IdempotencyWindow idempotency = new IdempotencyWindow();

  // Where the module is in its life, beyond what the log says: decided anew by each recovery and
  // deploy, never persisted.
  private LoadedModule loaded;
  private String cannotRunReason;
  private boolean deploying;
  private ModuleInfo.RecoveryInfo recovery = new ModuleInfo.RecoveryInfo(0, 0, 0, 0);

  /** The most installations a module remembers; older ones are forgotten first. */
  public static final int MAX_HISTORY = 100;

  private final java.util.ArrayDeque<ModuleInfo.Installation> history =
      new java.util.ArrayDeque<>();

  private ModuleState(String name) {
    this.name = name;
  }

  /** The state of a module that has never been deployed. */
  public static ModuleState empty(String name) {
    return new ModuleState(name);
  }

  /** A state restored from a snapshot: deployed, with filled tables. */
  public static ModuleState restored(
      String name,
      ModuleCode code,
      ModuleSchema schema,
      ModuleTables tables,
      long lastTxId,
      long lastTimestampMicros) {
    var state = new ModuleState(name);
    state.install(code, schema, tables);
    state.lastTxId = lastTxId;
    state.lastTimestampMicros = lastTimestampMicros;
    return state;
  }

  /**
   * A state restored from a snapshot of a removed module: not deployed, but with the counters a
   * module deployed again under the name goes on from.
   */
  public static ModuleState restoredRemoved(String name, long lastTxId, long lastTimestampMicros) {
    var state = new ModuleState(name);
    state.lastTxId = lastTxId;
    state.lastTimestampMicros = lastTimestampMicros;
    return state;
  }

  public String name() {
    return name;
  }

  /**
   * The stages of a module's life. The module actor's command handlers are split by stage, so that
   * each sees only the commands valid in it; a deploy in flight ({@link #deploying}) is a layer
   * over any stage. Drawn, with what moves a module on, in {@code docs/runtime.md}.
   */
  public enum Stage {
    /** Nothing is deployed under the name: never, or it was removed. */
    ABSENT,
    /** Deployed, with its code loaded: runs calls, deliveries and schedules. */
    RUNNING,
    /**
     * Deployed, but the logged code cannot run (it no longer loads, or describes another schema):
     * rows, queries that have code, and its description still work; an upgrade runs it again.
     */
    CANNOT_RUN,
    /**
     * Its log could not be replayed ({@link #failure}): its tables are as of the transaction
     * before, it runs nothing and persists nothing of its own until an upgrade or a removal.
     */
    FAILED
  }

  /** Where the module is in its life. */
  public Stage stage() {
    if (code == null) {
      return Stage.ABSENT;
    }
    if (failure != null) {
      return Stage.FAILED;
    }
    return loaded != null ? Stage.RUNNING : Stage.CANNOT_RUN;
  }

  /** The loaded code, or null when the module is absent or its code cannot run. */
  public LoadedModule loaded() {
    return loaded;
  }

  /** Why a deployed module's code cannot run, when {@link #loaded} is null. */
  public String cannotRunReason() {
    return cannotRunReason;
  }

  /** The module's code is loaded: it runs {@code module}. */
  public void run(LoadedModule module) {
    loaded = module;
    cannotRunReason = null;
  }

  /** The module's logged code cannot run, for the given reason. */
  public void cannotRun(String reason) {
    loaded = null;
    cannotRunReason = reason;
  }

  /**
   * Whether a deploy is in flight: its code is loading off the actor's thread, or the schemas of
   * the modules it subscribes to are being asked for. Other deploys and removals wait meanwhile.
   */
  public boolean deploying() {
    return deploying;
  }

  public void deploying(boolean deploying) {
    this.deploying = deploying;
  }

  /** What this incarnation's recovery found. */
  public ModuleInfo.RecoveryInfo recovery() {
    return recovery;
  }

  public void recovered(ModuleInfo.RecoveryInfo recovery) {
    this.recovery = recovery;
  }

  public boolean deployed() {
    return code != null;
  }

  public ModuleCode code() {
    return code;
  }

  public ModuleSchema schema() {
    return schema;
  }

  public ModuleTables tables() {
    return tables;
  }

  public long lastTxId() {
    return lastTxId;
  }

  public long lastTimestampMicros() {
    return lastTimestampMicros;
  }

  /** Messages to other modules not yet acknowledged by them. */
  public Outbox outbox() {
    return outbox;
  }

  /** The last outbox entry consumed from each sending module. */
  public Map<String, Long> inbox() {
    return inbox;
  }

  /** The last entry consumed from {@code sender}, 0 for none. */
  public long lastConsumed(String sender) {
    return inbox.getOrDefault(sender, 0L);
  }

  /** The module's durable schedules. */
  public Schedules schedules() {
    return schedules;
  }

  /**
   * The idempotency keys of recent committed client calls. Kept through upgrades and removals, like
   * the inbox: a call that committed never runs again while its key is remembered.
   */
  public IdempotencyWindow idempotency() {
    return idempotency;
  }

  /** Who subscribes to this module's tables (itself included). */
  public Subscribers subscribers() {
    return subscribers;
  }

  /**
   * Why replaying the log stopped applying this module's transactions, with the tables as of the
   * last transaction that applied; null while the module is healthy. A failed module runs nothing
   * until an upgrade (which carries those tables over) or a removal is logged after the failure:
   * replay meets the same failure at the same event, skips the transactions after it, and applies
   * that upgrade or removal again, so live state and replay agree.
   *
   * @param reason what went wrong, naming the transaction
   */
  public record Failure(String reason) {}

  public Failure failure() {
    return failure;
  }

  public boolean failed() {
    return failure != null;
  }

  /** The schema of a table of the deployed module, or null. */
  public TableSchema tableSchema(String table) {
    return tableSchemas.get(table);
  }

  /** Installs a module live (deploy command), before its {@code ModuleDeployed} is persisted. */
  public void deployLive(ModuleCode newCode, ModuleSchema newSchema) {
    install(newCode, newSchema, ModuleTables.create(newSchema));
  }

  /** What an upgrade replaces, kept to fall back to if the upgrade fails. */
  public record Version(
      ModuleCode code, ModuleSchema schema, ModuleTables tables, Failure failure) {}

  public Version snapshotOfVersion() {
    return new Version(code, schema, tables, failure);
  }

  /**
   * Installs a new version live, before its {@code ModuleUpgraded} is persisted: the tables are
   * carried over to the new schema (new objects; the old ones stay untouched for {@link
   * #restoreVersion}).
   *
   * @throws io.interstice.runtime.table.TableException when carried-over rows break the new
   *     schema's constraints; nothing changed
   */
  public void upgradeLive(ModuleCode newCode, ModuleSchema newSchema) {
    install(newCode, newSchema, ModuleTables.migrate(tables, newSchema));
    failure = null;
  }

  /**
   * Remembers a deploy or an upgrade in the module's history: from the event handler on replay, and
   * from the installer for one applied live, as its event is persisted.
   */
  public void recordInstallation(ModuleEvent event) {
    if (event instanceof ModuleEvent.ModuleDeployed d) {
      remember(ModuleInfo.Installation.Kind.DEPLOYED, d.code(), d.schema(), d.timestampMicros());
    } else if (event instanceof ModuleEvent.ModuleUpgraded u) {
      remember(ModuleInfo.Installation.Kind.UPGRADED, u.code(), u.schema(), u.timestampMicros());
    }
  }

  private void remember(
      ModuleInfo.Installation.Kind kind, ModuleCode code, ModuleSchema schema, long micros) {
    restoreInstallation(
        new ModuleInfo.Installation(kind, schema.version(), code.describe(), micros));
  }

  /** Appends an installation (read from a snapshot, or just recorded), forgetting the oldest. */
  public void restoreInstallation(ModuleInfo.Installation installation) {
    history.addLast(installation);
    if (history.size() > MAX_HISTORY) {
      history.removeFirst();
    }
  }

  /** The deploys and upgrades remembered, oldest first. */
  public List<ModuleInfo.Installation> history() {
    return List.copyOf(history);
  }

  /** Puts back the version an upgrade replaced (its upgrade reducer failed). */
  public void restoreVersion(Version version) {
    install(version.code(), version.schema(), version.tables());
    failure = version.failure();
  }

  /** Forgets the module: it is removed (live, before its {@code ModuleRemoved} is persisted). */
  public void removeLive() {
    undeployLive();
    failure = null;
    outbox.dropUnacknowledged();
    schedules.clear();
    // Transaction ids, outbox numbering, the inbox and the idempotency keys stay: a module deployed
    // again under this name goes on from them, so that ids stay unique, senders' and targets'
    // sequence numbers keep matching, and a retry of a call that committed does not run again.
  }

  /** Forgets a live deploy whose events were never persisted (its init reducer failed). */
  public void undeployLive() {
    loaded = null;
    cannotRunReason = null;
    code = null;
    schema = null;
    tables = null;
    tableSchemas = Map.of();
    subscribers.replace(name, java.util.List.of());
  }

  /**
   * Records a transaction committed live, before its {@code TxCommitted} is persisted (its table
   * changes are already in the tables): its id and time, its outbox entries, the delivery it
   * consumed, its idempotency key.
   */
  public void commitLive(ModuleEvent.TxCommitted tx) {
    lastTxId = tx.txId();
    lastTimestampMicros = tx.timestampMicros();
    idempotency.commit(tx);
    tx.outbox().forEach(outbox::add);
    schedules.apply(
        tx.timestampMicros(),
        tx.trigger() instanceof Trigger.ScheduledRun run ? run.scheduleId() : 0,
        tx.scheduled(),
        tx.cancelled());
    if (tx.trigger() instanceof Trigger.Delivery delivery) {
      inbox.put(delivery.sender(), delivery.seq());
    }
  }

  /** Applies a subscription change live, before it is persisted. */
  public void subscriptionsLive(ModuleEvent.SubscriptionsChanged changed) {
    subscribers.replace(changed.subscriber(), changed.subscriptions());
  }

  /**
   * The next {@code events} events reaching the event handler were already applied live. Called
   * only by {@code ModuleContext.persistApplied}, with the events it persists.
   */
  public void markAppliedLive(int events) {
    appliedLive += events;
  }

  /** The event handler: applies a replayed event, or skips one that was applied live. */
  public ModuleState apply(ModuleEvent event) {
    if (appliedLive > 0) {
      appliedLive--;
      return this;
    }
    if (event instanceof ModuleEvent.Batch batch) {
      for (var inner : batch.events()) {
        applyOne(inner);
      }
      return this;
    }
    return applyOne(event);
  }

  private ModuleState applyOne(ModuleEvent event) {
    if (event instanceof ModuleEvent.ModuleRemoved) {
      removeLive();
      return this;
    }
    if (failure != null && event instanceof ModuleEvent.TxCommitted tx) {
      skip(tx); // while failed: an upgrade ends the failure, the outbox's events still apply
      return this;
    }
    try {
      applyReplayed(event);
    } catch (RuntimeException e) {
      fail(event, e);
    }
    return this;
  }

  private void applyReplayed(ModuleEvent event) {
    if (event instanceof ModuleEvent.ModuleDeployed deployed) {
      install(deployed.code(), deployed.schema(), ModuleTables.create(deployed.schema()));
      recordInstallation(deployed);
    } else if (event instanceof ModuleEvent.ModuleUpgraded upgraded) {
      upgradeLive(upgraded.code(), upgraded.schema());
      recordInstallation(upgraded);
    } else if (event instanceof ModuleEvent.TxCommitted tx) {
      replay(tx);
    } else if (event instanceof ModuleEvent.SubscriptionsChanged changed) {
      subscribers.replace(changed.subscriber(), changed.subscriptions());
    } else {
      var acknowledged = (ModuleEvent.OutboxAcknowledged) event;
      outbox.acknowledge(acknowledged.target(), acknowledged.upTo());
    }
  }

  /**
   * Replay met an event it cannot apply (the log was repaired around lost transactions, or a logged
   * transaction no longer fits the tables): the module stays as of the event before, and fails
   * visibly instead of refusing to recover at all.
   */
  private void fail(ModuleEvent event, RuntimeException e) {
    var what =
        event instanceof ModuleEvent.TxCommitted tx
            ? "transaction " + tx.txId() + " (" + tx.reducer() + ")"
            : event.getClass().getSimpleName();
    var message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    failure =
        new Failure(
            "module "
                + name
                + " failed to recover: its log's "
                + what
                + " cannot be applied: "
                + BoundedText.cut(message, 1024)
                + "; its tables are as of the transaction before. Read them, then upgrade the"
                + " module (deploying the same code accepts the state as it is) or remove it");
    if (event instanceof ModuleEvent.TxCommitted tx) {
      skip(tx);
    }
  }

  /**
   * While failed: a transaction counts (ids stay unique) but is not applied; its idempotency key is
   * not remembered either, since its effects are not in the tables.
   */
  private void skip(ModuleEvent.TxCommitted tx) {
    lastTxId = Math.max(lastTxId, tx.txId());
    lastTimestampMicros = Math.max(lastTimestampMicros, tx.timestampMicros());
  }

  private void replay(ModuleEvent.TxCommitted tx) {
    if (!deployed()) {
      throw new IllegalStateException(
          "module " + name + ": transaction " + tx.txId() + " in the log before any deploy");
    }
    int applied = 0;
    try {
      for (var change : tx.changes()) {
        requireTable(tx, change);
        apply(change);
        applied++;
      }
    } catch (RuntimeException e) {
      // Undo what of this transaction was applied, so that a failed module's tables are exactly
      // those after the transaction before.
      for (int i = applied - 1; i >= 0; i--) {
        apply(tx.changes().get(i).inverse());
      }
      throw e;
    }
    commitLive(tx);
  }

  private void requireTable(ModuleEvent.TxCommitted tx, LoggedChange change) {
    if (!tableSchemas.containsKey(change.table())) {
      throw new IllegalStateException(
          "module "
              + name
              + ": transaction "
              + tx.txId()
              + " changes table "
              + change.table()
              + ", which the deployed schema does not have");
    }
  }

  /** Applies a logged change as logged: the rows stay in their canonical encoding throughout. */
  private void apply(LoggedChange change) {
    switch (change.kind()) {
      case INSERT:
        tables.replayInsert(change.table(), change.row());
        break;
      case UPDATE:
        tables.replayUpdate(change.table(), change.oldRow(), change.row());
        break;
      case DELETE:
        tables.replayDelete(change.table(), change.row());
        break;
      default:
        throw new IllegalStateException("unknown change kind " + change.kind());
    }
  }

  private void install(ModuleCode newCode, ModuleSchema newSchema, ModuleTables newTables) {
    code = newCode;
    schema = newSchema;
    tables = newTables;
    var byName = new HashMap<String, TableSchema>();
    for (var table : newSchema.tables()) {
      byName.put(table.name(), table);
    }
    tableSchemas = Map.copyOf(byName);
    var own =
        newSchema.subscriptions().stream()
            .filter(subscription -> subscription.module().equals(name))
            .toList();
    subscribers.replace(name, own);
  }
}
