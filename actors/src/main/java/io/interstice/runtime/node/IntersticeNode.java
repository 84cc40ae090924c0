package io.interstice.runtime.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValueFactory;
import io.interstice.journal.JournalRegistry;
import io.interstice.runtime.CallFailedException;
import io.interstice.runtime.ClusterInfo;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeException;
import io.interstice.runtime.LiveUpdate;
import io.interstice.runtime.LogHealth;
import io.interstice.runtime.ModuleInfo;
import io.interstice.runtime.QueryResult;
import io.interstice.runtime.RowPage;
import io.interstice.runtime.TxReceipt;
import io.interstice.runtime.cluster.ClusterMessageSerializer;
import io.interstice.runtime.cluster.ShardLeaseFence;
import io.interstice.runtime.javamodule.JavaModuleLoader;
import io.interstice.runtime.metrics.NodeMetrics;
import io.interstice.runtime.module.DeadLetterRerouting;
import io.interstice.runtime.module.LocalModules;
import io.interstice.runtime.module.ModuleActor;
import io.interstice.runtime.module.ModuleSettings;
import io.interstice.runtime.module.ReplyPromise;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.module.code.BoundedText;
import io.interstice.runtime.module.code.Micros;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.code.ModuleLimits;
import io.interstice.runtime.module.code.ModuleLoadException;
import io.interstice.runtime.module.code.ModuleLoaders;
import io.interstice.runtime.module.serialization.RuntimeKryoRegistrar;
import io.interstice.runtime.wasm.WasmModuleLoader;
import io.interstice.runtime.wasm.WasmSettings;
import io.interstice.sdk.ModuleDefinitionException;
import io.interstice.sdk.internal.JavaModuleIntrospector;
import io.interstice.sdk.schema.Identifiers;
import io.interstice.sdk.schema.ModuleSchema;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.util.Timeout;

/**
 * A node of Interstice running in this JVM: an actor system that joins its cluster (by itself, on
 * the embedded default), hosts module actors through Cluster Sharding and writes their transactions
 * to the binary log in its data directory. The entry point for embedding the runtime, for tests,
 * the benchmark and the demo:
 *
 * <pre>
 * try (var node = IntersticeNode.builder().dataDir(Path.of("data")).start()) {
 *   node.deploy(Bank.class);
 *   node.call("bank", "open", "alice", 100L);
 *   long balance = (Long) node.query("bank", "balance", 1L);
 * }
 * </pre>
 *
 * Blocking methods wait for the answer (calls: until the transaction is durable) and throw {@link
 * CallFailedException} on a refusal; the {@code …Async} variants complete their stage the same way.
 * Thread-safe: any number of threads may call a node at once.
 */
public final class IntersticeNode implements AutoCloseable {
  private final ActorSystem<Void> system;
  private final ClusterSharding sharding;
  private final LocalModules localModules;
  private final LocalCallTimeouts localCallTimeouts;
  private static final int MAX_ENTITY_REFS = 4096;
  private final Map<String, EntityRef<ModuleActor.Command>> entityRefs = new ConcurrentHashMap<>();
  private final Duration askTimeout;
  private final Path dataDir;
  private final WasmModuleLoader wasm;
  private final ModuleLimits limits;
  private final ClassLoader classLoader;
  private final NodeMetrics metrics;

  private IntersticeNode(
      ActorSystem<Void> system,
      Duration askTimeout,
      Path dataDir,
      ModuleSettings settings,
      ClassLoader classLoader,
      NodeMetrics metrics) {
    this.system = system;
    this.metrics = metrics;
    this.classLoader = classLoader;
    this.sharding = ClusterSharding.get(system);
    this.localModules = LocalModules.ID.get(system);
    this.localCallTimeouts = new LocalCallTimeouts(system, askTimeout);
    this.askTimeout = askTimeout;
    this.wasm = settings.loaders().find(WasmModuleLoader.class);
    this.limits = settings.limits();
    this.dataDir = dataDir;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The data directory (log, snapshots) of this node. */
  public Path dataDir() {
    return dataDir;
  }

  /** The underlying actor system, for tools that need Pekko directly. */
  public ActorSystem<Void> system() {
    return system;
  }

  /**
   * The metrics of this node (its modules and its log), in a registry of its own; {@code GET
   * /metrics} serves them.
   */
  public NodeMetrics metrics() {
    return metrics;
  }

  // ---- log health -------------------------------------------------------------------------

  /**
   * The health of this node's log: damage found at open, by replays and by the background scrub
   * ({@code interstice.journal.scrub-interval}). Empty when the node runs on another journal.
   */
  public LogHealth logHealth() {
    var damage = new java.util.ArrayList<io.interstice.journal.log.LogDamage>();
    long passes = 0;
    long found = 0;
    long bytes = 0;
    for (var store : JournalRegistry.ID.get(system).stores()) {
      damage.addAll(store.damage());
      passes += store.scrubber().passes();
      found += store.scrubber().damageFound();
      bytes += store.scrubber().bytesRead();
    }
    return new LogHealth(List.copyOf(damage), passes, found, bytes);
  }

  /** Runs one scrub pass of the log and snapshots now, without pauses; returns what it found. */
  public List<io.interstice.journal.log.LogDamage> scrubLogNow() {
    var found = new java.util.ArrayList<io.interstice.journal.log.LogDamage>();
    for (var store : JournalRegistry.ID.get(system).stores()) {
      found.addAll(store.scrubber().scrubNow());
    }
    return found;
  }

  // ---- cluster ----------------------------------------------------------------------------

  /**
   * This node's view of its cluster ({@code GET /v1/cluster}): its id and address, the members it
   * knows of, and the modules running on it now.
   */
  public CompletionStage<ClusterInfo> clusterAsync() {
    var nodeId = system.settings().config().getString("interstice.journal.log-id");
    return ClusterReader.read(system, nodeId, askTimeout);
  }

  // ---- deploy -----------------------------------------------------------------------------

  /**
   * Deploys a Java module class, or confirms it is deployed when the same class is already.
   *
   * @throws CallFailedException ({@link ErrorKind#BAD_MODULE}) naming the mistake in the class
   */
  public ModuleInfo deploy(Class<?> moduleClass) {
    return await(deployAsync(moduleClass));
  }

  public CompletionStage<ModuleInfo> deployAsync(Class<?> moduleClass) {
    String name;
    try {
      name = JavaModuleIntrospector.introspect(moduleClass).schema().name();
    } catch (ModuleDefinitionException e) {
      return CompletableFuture.failedFuture(
          new CallFailedException(ErrorKind.BAD_MODULE, e.getMessage()));
    }
    var code = ModuleCode.JavaClass.of(moduleClass);
    return this.<ModuleActor.DeployReply, ModuleInfo>ask(
        name,
        replyTo -> new ModuleActor.Deploy(code, replyTo),
        reply -> ((ModuleActor.Deployed) reply).info());
  }

  /**
   * Deploys the Java module class of this name, loaded by the node's class loader (the one that
   * started it), or confirms it is deployed.
   *
   * @throws CallFailedException ({@link ErrorKind#BAD_MODULE}) when there is no such class or it is
   *     not a module
   */
  public CompletionStage<ModuleInfo> deployAsync(String className) {
    Class<?> moduleClass;
    try {
      moduleClass =
          Class.forName(Objects.requireNonNull(className, "className"), false, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      return CompletableFuture.failedFuture(
          new CallFailedException(
              ErrorKind.BAD_MODULE,
              "no class " + BoundedText.cut(className, 200) + " on the node's class path"));
    }
    return deployAsync(moduleClass);
  }

  /**
   * Deploys a WebAssembly module (ABI version 1, {@code modules/wasm-sdk/ABI.md}) under the name
   * its own schema gives, or confirms it is deployed when the same bytes are already.
   *
   * @throws CallFailedException ({@link ErrorKind#BAD_MODULE}) saying why the bytes cannot be
   *     deployed; nothing is persisted then
   */
  public ModuleInfo deployWasm(byte[] bytes) {
    return await(deployWasmAsync(bytes));
  }

  public CompletionStage<ModuleInfo> deployWasmAsync(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    var code = new ModuleCode.Wasm(bytes);
    String name;
    try {
      name = WasmModuleLoader.describe(code, wasm.settings(), limits).schema().name();
    } catch (ModuleLoadException e) {
      return CompletableFuture.failedFuture(
          new CallFailedException(
              ErrorKind.BAD_MODULE, BoundedText.cut(e.getMessage(), limits.maxMessageLength())));
    }
    return this.<ModuleActor.DeployReply, ModuleInfo>ask(
        name,
        replyTo -> new ModuleActor.Deploy(code, replyTo),
        reply -> ((ModuleActor.Deployed) reply).info());
  }

  /**
   * Removes a module: its code, tables, schedules and unsent messages are gone, and the name can be
   * deployed again. The way out for a module that failed to recover, besides an upgrade.
   *
   * @throws CallFailedException ({@link ErrorKind#UNKNOWN_MODULE}) when it is not deployed
   */
  public void remove(String module) {
    await(removeAsync(module));
  }

  public CompletionStage<Void> removeAsync(String module) {
    return this.<ModuleActor.RemoveReply, Void>ask(module, ModuleActor.Remove::new, reply -> null);
  }

  // ---- reducers and queries ---------------------------------------------------------------

  /**
   * Calls a reducer with values of its parameter types ({@code Long} for i64, {@code Integer} for
   * i32, {@code String}, {@code Bytes}, {@code null} for an empty option, …) and waits until its
   * transaction is durable.
   */
  public TxReceipt call(String module, String reducer, Object... args) {
    return await(callAsync(module, reducer, args));
  }

  public CompletionStage<TxReceipt> callAsync(String module, String reducer, Object... args) {
    return callAsync(module, reducer, Args.Values.of(args == null ? new Object[] {null} : args));
  }

  /** Calls a reducer with a JSON array of arguments. */
  public TxReceipt callJson(String module, String reducer, String jsonArgs) {
    return await(callAsync(module, reducer, new Args.Json(jsonArgs)));
  }

  /** Calls a reducer as {@code caller} (an identity recorded in the transaction). */
  public CompletionStage<TxReceipt> callAsync(
      String module, String reducer, Args args, String caller) {
    return callAsync(module, reducer, args, caller, null);
  }

  /**
   * Calls a reducer as {@code caller} with an idempotency key, and waits until its transaction is
   * durable; see {@link #callAsync(String, String, Args, String, String)}.
   */
  public TxReceipt call(
      String module, String reducer, Args args, String caller, String idempotencyKey) {
    return await(callAsync(module, reducer, args, caller, idempotencyKey));
  }

  /**
   * Calls a reducer as {@code caller} with an idempotency key ({@code null} for none): while the
   * module remembers a committed call with the key ({@code interstice.module.idempotency}), a call
   * with it is answered with that call's receipt — the same transaction id and timestamp — and does
   * not run again, across restarts of the module and the node. A retry must ask for the same
   * reducer, caller and arguments. See "Idempotent calls" in {@code docs/runtime.md}.
   *
   * <p>Fails with {@link ErrorKind#BAD_ARGUMENTS} for a key that is empty, longer than 128
   * characters or not printable ASCII, or that belongs to another call.
   */
  public CompletionStage<TxReceipt> callAsync(
      String module, String reducer, Args args, String caller, String idempotencyKey) {
    Objects.requireNonNull(reducer, "reducer");
    var unsendable = unsendable(module, reducer, args);
    if (unsendable != null) {
      return CompletableFuture.failedFuture(unsendable);
    }
    var local = module == null ? null : localModules.actorOf(module);
    if (local != null) {
      // On the module's node: no reply-to actor, the module completes the future itself.
      var answer = localCallTimeouts.bound(new CompletableFuture<ModuleActor.CallReply>());
      local.tell(ModuleActor.LocalCall.answering(reducer, args, caller, idempotencyKey, answer));
      return answered(
          module, answer, reply -> receipt(module, reducer, (ModuleActor.Committed) reply));
    }
    return this.<ModuleActor.CallReply, TxReceipt>ask(
        module,
        replyTo -> new ModuleActor.Call(reducer, args, caller, idempotencyKey, replyTo),
        reply -> receipt(module, reducer, (ModuleActor.Committed) reply));
  }

  public CompletionStage<TxReceipt> callAsync(String module, String reducer, Args args) {
    return callAsync(module, reducer, args, "local");
  }

  private static TxReceipt receipt(String module, String reducer, ModuleActor.Committed committed) {
    return new TxReceipt(
        module, reducer, committed.txId(), Micros.toInstant(committed.timestampMicros()));
  }

  /** One call of {@link #callAllAsync}; {@code idempotencyKey} is null for none. */
  public record CallRequest(String reducer, Args args, String caller, String idempotencyKey) {
    public CallRequest {
      Objects.requireNonNull(reducer, "reducer");
      Objects.requireNonNull(args, "args");
    }
  }

  /**
   * Calls reducers of one module with one message to it and one answer back, for callers that have
   * many calls at once (the call channel's arrays): cheaper per call than {@link #callAsync}, most
   * of all when the module runs on another node. Each call runs and is answered exactly as if it
   * had been sent alone by {@code callAsync}, in the order given; none waits for another's outcome,
   * and a refused call does not refuse the others. Returns one stage per call, in that order; they
   * complete together, once the last of them is durable or refused.
   */
  public List<CompletableFuture<TxReceipt>> callAllAsync(String module, List<CallRequest> calls) {
    var answers = new ArrayList<CompletableFuture<TxReceipt>>(calls.size());
    var sent = new ArrayList<ModuleActor.Call>(calls.size());
    var waiting = new ArrayList<CompletableFuture<TxReceipt>>(calls.size());
    for (var call : calls) {
      var answer = new CompletableFuture<TxReceipt>();
      answers.add(answer);
      var unsendable = unsendable(module, call.reducer(), call.args());
      if (unsendable != null) {
        answer.completeExceptionally(unsendable);
      } else {
        sent.add(
            new ModuleActor.Call(
                call.reducer(), call.args(), call.caller(), call.idempotencyKey(), null));
        waiting.add(answer);
      }
    }
    if (sent.isEmpty()) {
      return answers;
    }
    this.<ModuleActor.BatchReply, ModuleActor.CallsAnswered>ask(
            module,
            replyTo -> new ModuleActor.CallBatch(sent, replyTo),
            reply -> (ModuleActor.CallsAnswered) reply)
        .whenComplete(
            (answered, error) -> {
              for (int i = 0; i < waiting.size(); i++) {
                if (error != null) {
                  waiting.get(i).completeExceptionally(error);
                } else if (answered.replies().get(i) instanceof ModuleActor.Failed failed) {
                  waiting
                      .get(i)
                      .completeExceptionally(
                          new CallFailedException(failed.kind(), failed.message()));
                } else {
                  waiting
                      .get(i)
                      .complete(
                          receipt(
                              module,
                              sent.get(i).reducer(),
                              (ModuleActor.Committed) answered.replies().get(i)));
                }
              }
            });
    return answers;
  }

  /** Runs a query on committed state; returns a value of its result type. */
  public Object query(String module, String query, Object... args) {
    return await(
        queryAsync(module, query, Args.Values.of(args == null ? new Object[] {null} : args)));
  }

  /** Runs a query with a JSON array of arguments. */
  public Object queryJson(String module, String query, String jsonArgs) {
    return await(queryAsync(module, query, new Args.Json(jsonArgs)));
  }

  public CompletionStage<Object> queryAsync(String module, String query, Args args) {
    return queryAsync(module, query, args, "local").thenApply(QueryResult::value);
  }

  /** Runs a query as {@code caller}; the answer carries its type, to render it (as JSON, say). */
  public CompletionStage<QueryResult> queryAsync(
      String module, String query, Args args, String caller) {
    Objects.requireNonNull(query, "query");
    var unsendable = unsendable(module, query, args);
    if (unsendable != null) {
      return CompletableFuture.failedFuture(unsendable);
    }
    return this.<ModuleActor.QueryReply, QueryResult>ask(
        module,
        replyTo -> new ModuleActor.Query(query, args, caller, replyTo),
        reply -> {
          var answered = (ModuleActor.Answered) reply;
          return new QueryResult(answered.type(), answered.value());
        });
  }

  // ---- reading ----------------------------------------------------------------------------

  /** Every committed row of a public table, in primary key order; a row is its column values. */
  public List<Object[]> rows(String module, String table) {
    return await(
        this.<ModuleActor.RowsReply, List<Object[]>>ask(
            module,
            replyTo -> new ModuleActor.ReadRows(table, null, Integer.MAX_VALUE, replyTo),
            reply -> ((ModuleActor.Rows) reply).rows()));
  }

  /**
   * Up to {@code limit} committed rows of a public table in primary key order, after the row whose
   * primary key is {@code afterKeyJson} (the key's JSON form; null for the first page).
   *
   * @throws CallFailedException ({@link ErrorKind#BAD_ARGUMENTS}) for a key that is not JSON of the
   *     primary key's type, ({@link ErrorKind#UNKNOWN_TABLE}) for no such public table
   */
  public CompletionStage<RowPage> rowsAsync(
      String module, String table, String afterKeyJson, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    return this.<ModuleActor.RowsReply, RowPage>ask(
        module,
        replyTo -> new ModuleActor.ReadRows(table, afterKeyJson, limit, replyTo),
        reply -> {
          var rows = (ModuleActor.Rows) reply;
          return new RowPage(rows.table(), rows.rows(), rows.more());
        });
  }

  /** The deployed module: version, schema, last transaction, how it recovered. */
  public ModuleInfo describe(String module) {
    return await(describeAsync(module));
  }

  public CompletionStage<ModuleInfo> describeAsync(String module) {
    return ask(module, ModuleActor.Describe::new, reply -> ((ModuleActor.Described) reply).info());
  }

  /**
   * The names of the modules whose logs are in the data directory, in name order: every module
   * deployed and not since removed, and removed ones too ({@link #describeAsync} tells them apart:
   * {@link ErrorKind#UNKNOWN_MODULE}). The log is open from start-up (the node does not start
   * without it); empty when the node runs on another journal.
   */
  public java.util.SortedSet<String> loggedModules() {
    var sample = ModuleActor.persistenceId("m").id();
    var prefix = sample.substring(0, sample.length() - 1);
    var names = new java.util.TreeSet<String>();
    for (var store : JournalRegistry.ID.get(system).stores()) {
      for (var id : store.persistenceIds()) {
        if (id.startsWith(prefix)) {
          names.add(id.substring(prefix.length()));
        }
      }
    }
    return names;
  }

  public ModuleSchema schema(String module) {
    return describe(module).schema();
  }

  /**
   * Subscribes to tables of a module: {@code listener} gets their current rows, then the changes of
   * every durable transaction to them, in commit order, one call at a time (see {@link
   * LiveUpdate}). Close the subscription to end it. A refused subscription calls the listener once,
   * with {@link LiveUpdate.Ended}, before this throws.
   *
   * @throws CallFailedException when the module or a table does not exist or is private
   */
  public LiveSubscription subscribe(
      String module,
      java.util.Set<String> tables,
      java.util.function.Consumer<LiveUpdate> listener) {
    return await(subscribeAsync(module, tables, listener));
  }

  /** {@link #subscribe}, completed once the module has sent the current rows to the listener. */
  public CompletionStage<LiveSubscription> subscribeAsync(
      String module,
      java.util.Set<String> tables,
      java.util.function.Consumer<LiveUpdate> listener) {
    var actor =
        system.systemActorOf(
            LiveSubscription.listenerBehavior(listener),
            "live-" + java.util.UUID.randomUUID(),
            org.apache.pekko.actor.typed.Props.empty());
    var started =
        this.<ModuleActor.DescribeReply, ModuleInfo>ask(
            module,
            replyTo -> new ModuleActor.SubscribeLive(java.util.Set.copyOf(tables), actor, replyTo),
            reply -> ((ModuleActor.Described) reply).info());
    return started
        .toCompletableFuture()
        .handle(
            (info, failure) -> {
              if (failure != null) {
                // Stops the listener's actor; the listener sees why, as for any end.
                actor.tell(
                    new LiveUpdate.Ended(module, "subscription refused: " + failure.getMessage()));
                throw failure instanceof CompletionException c
                    ? c
                    : new CompletionException(failure);
              }
              return new LiveSubscription(
                  module, actor, sharding.entityRefFor(ModuleActor.TYPE_KEY, module));
            });
  }

  /** Stops the node: modules stop, the log is closed. Waits up to 30 seconds. */
  @Override
  public void close() {
    system.terminate();
    try {
      system
          .getWhenTerminated()
          .toCompletableFuture()
          .get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      throw new IntersticeException(ErrorKind.UNAVAILABLE, "node did not stop within 30 s", e);
    }
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private <R, T> CompletionStage<T> ask(
      String module, Function<ActorRef<R>, ModuleActor.Command> command, Function<R, T> onSuccess) {
    if (module == null || !Identifiers.isIdentifier(module)) {
      return CompletableFuture.failedFuture(
          new CallFailedException(
              ErrorKind.UNKNOWN_MODULE,
              "no module named "
                  + (module == null ? "null" : "'" + BoundedText.cut(module, 200) + "'")));
    }
    // A module running on this node is asked directly, not through sharding's region and shard;
    // a command that reaches it after it stopped goes on through sharding (DeadLetterRerouting).
    var local = localModules.actorOf(module);
    CompletionStage<R> reply =
        local == null
            ? entityRef(module).ask(command::apply, askTimeout)
            : askLocal(local, command);
    return answered(module, reply, onSuccess);
  }

  /** Maps a module's answer, or the lack of one, for the caller. */
  private <R, T> CompletionStage<T> answered(
      String module, CompletionStage<R> reply, Function<R, T> onSuccess) {
    // The stage Pekko returns runs even non-async callbacks through the common pool's default
    // executor, which on a machine with fewer than three cores is a new thread per callback; hop
    // once onto the actor system's dispatcher instead and hand callers a plain future.
    var result = new CompletableFuture<T>();
    reply.whenCompleteAsync(
        (answer, error) -> {
          if (error != null) {
            result.completeExceptionally(
                new CallFailedException(
                    ErrorKind.UNAVAILABLE,
                    "module "
                        + module
                        + " did not answer within "
                        + askTimeout.toSeconds()
                        + " s: "
                        + error));
          } else if (answer instanceof ModuleActor.Failed failed) {
            result.completeExceptionally(new CallFailedException(failed.kind(), failed.message()));
          } else {
            try {
              result.complete(onSuccess.apply(answer));
            } catch (RuntimeException e) {
              result.completeExceptionally(e);
            }
          }
        },
        system.executionContext());
    return result;
  }

  /**
   * Asks a module actor of this node directly. Not with Pekko's ask pattern: it fails an ask at
   * once when it sees the actor stopped, and yet sends the command, which the dead-letter rerouting
   * then runs; here the command is sent all the same, and its answer comes back from wherever
   * sharding runs the module.
   */
  private <R> CompletionStage<R> askLocal(
      ActorRef<ModuleActor.Command> local, Function<ActorRef<R>, ModuleActor.Command> command) {
    var promise = ReplyPromise.<R>of(system, Timeout.create(askTimeout));
    local.tell(command.apply(promise.ref()));
    return promise.future();
  }

  /**
   * The sharding reference of a module, made once per name: making one encodes the name for an
   * actor path, which costs more than the rest of a local call's ask. Forgotten wholesale past
   * {@value #MAX_ENTITY_REFS} names, so a caller naming ever new modules cannot grow it.
   */
  private EntityRef<ModuleActor.Command> entityRef(String module) {
    var ref = entityRefs.get(module);
    if (ref == null) {
      if (entityRefs.size() >= MAX_ENTITY_REFS) {
        entityRefs.clear();
      }
      ref = sharding.entityRefFor(ModuleActor.TYPE_KEY, module);
      entityRefs.put(module, ref);
    }
    return ref;
  }

  /**
   * Refuses arguments that hold a value the SDK does not know: such a value cannot be serialized,
   * and a module on another node would never see the call. Refused on every node alike, so a call
   * does not work or fail depending on where its module runs.
   */
  private static CallFailedException unsendable(String module, String name, Args args) {
    var problem = ClusterMessageSerializer.unsendable(args);
    if (problem == null) {
      return null;
    }
    return new CallFailedException(
        ErrorKind.BAD_ARGUMENTS,
        module
            + "."
            + name
            + ": argument "
            + problem
            + " is not a value of the SDK (Boolean, Integer, Long, Float, Double, String, Bytes,"
            + " a List, StructValue, EnumValue, or null for none)");
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  /**
   * Configures and starts a node. The configuration is, highest first: {@link #config} overrides,
   * the data directory, {@code single-node.conf} (the embedded default), {@code application.conf}
   * and the {@code reference.conf} defaults. Not thread-safe.
   */
  public static final class Builder {
    private Path dataDir = Path.of("data");
    private Config overrides = ConfigFactory.empty();
    private Clock clock = Clock.systemUTC();
    private String name = "interstice";

    private static final String REGISTRARS = "interstice.kryo.registrars";

    private Builder() {}

    /** Data directory for the log and snapshots (default {@code data}). */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Configuration taking precedence over every default. */
    public Builder config(Config config) {
      this.overrides = config.withFallback(overrides);
      return this;
    }

    /** Configuration in HOCON text, taking precedence over every default. */
    public Builder config(String hocon) {
      return config(ConfigFactory.parseString(hocon));
    }

    /** Clock transactions take their timestamps from (tests pin it). */
    public Builder clock(Clock transactionClock) {
      this.clock = Objects.requireNonNull(transactionClock, "transactionClock");
      return this;
    }

    /** Name of the actor system (and so of the cluster); every node of a cluster uses the same. */
    public Builder systemName(String systemName) {
      this.name = Objects.requireNonNull(systemName, "systemName");
      return this;
    }

    /**
     * Starts the node and waits until it is a member of its cluster.
     *
     * @throws IntersticeException when it cannot join within {@code interstice.node.join-timeout}
     */
    public IntersticeNode start() {
      var classLoader =
          Thread.currentThread().getContextClassLoader() != null
              ? Thread.currentThread().getContextClassLoader()
              : IntersticeNode.class.getClassLoader();
      var dir = dataDir.toAbsolutePath();
      var config =
          ConfigFactory.load(
              classLoader,
              overrides
                  .withFallback(
                      ConfigFactory.parseString(
                          "interstice.journal.dir = " + ConfigUtil.quoteString(dir.toString())))
                  .withFallback(ConfigFactory.parseResources(classLoader, "single-node.conf")));
      config = withRuntimeRegistrar(config);
      StorageStart.checkSettings(config);
      var system = ActorSystem.create(Behaviors.<Void>empty(), name, config);
      try {
        StorageStart.await(system.classicSystem(), config);
        var metrics = NodeMetrics.of(JournalRegistry.ID.get(system));
        joinCluster(system, config.getDuration("interstice.node.join-timeout"));
        var loaders =
            ModuleLoaders.of(
                new JavaModuleLoader(classLoader),
                new WasmModuleLoader(WasmSettings.fromConfig(config)));
        var settings = ModuleSettings.fromConfig(config, loaders).withClock(clock);
        // Before any module can write: with a lease per shard, a module's writes are acknowledged
        // only while this node holds its shard's lease.
        ShardLeaseFence.of(system).ifPresent(JournalRegistry.ID.get(system)::fence);
        DeadLetterRerouting.start(system);
        ModuleActor.initSharding(system, settings, metrics);
        return new IntersticeNode(
            system,
            config.getDuration("interstice.node.ask-timeout"),
            dir,
            settings,
            classLoader,
            metrics);
      } catch (RuntimeException e) {
        // Stopped before the error is thrown: a caller that starts again at once on the same data
        // directory finds the log let go.
        system.terminate();
        try {
          system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException notStopped) {
          e.addSuppressed(notStopped);
        }
        throw e;
      }
    }

    /**
     * Makes sure the runtime's Kryo registrations are in force even when the configuration sets
     * {@code interstice.kryo.registrars} outright instead of appending to it.
     */
    private static Config withRuntimeRegistrar(Config config) {
      var registrars = new java.util.ArrayList<>(config.getStringList(REGISTRARS));
      if (registrars.contains(RuntimeKryoRegistrar.class.getName())) {
        return config;
      }
      registrars.add(RuntimeKryoRegistrar.class.getName());
      return config.withValue(REGISTRARS, ConfigValueFactory.fromIterable(registrars));
    }

    private static void joinCluster(ActorSystem<?> system, Duration timeout) {
      var cluster = Cluster.get(system);
      if (system.settings().config().getStringList("pekko.cluster.seed-nodes").isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      while (cluster.selfMember().status() != MemberStatus.up()) {
        if (System.nanoTime() > deadline) {
          throw new IntersticeException(
              ErrorKind.UNAVAILABLE,
              "node did not join its cluster within " + timeout.toSeconds() + " s");
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IntersticeException(
              ErrorKind.UNAVAILABLE, "interrupted while joining the cluster", e);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "IntersticeNode[" + system.address() + ", " + dataDir + "]";
  }
}
