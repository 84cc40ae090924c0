package io.interstice.runtime.module;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.module.ModuleActor.Deploy;
import io.interstice.runtime.module.ModuleActor.Deployed;
import io.interstice.runtime.module.ModuleActor.Describe;
import io.interstice.runtime.module.ModuleActor.DescribeReply;
import io.interstice.runtime.module.ModuleActor.Described;
import io.interstice.runtime.module.ModuleActor.Event;
import io.interstice.runtime.module.ModuleActor.Loaded;
import io.interstice.runtime.module.ModuleActor.ModuleDeployed;
import io.interstice.runtime.module.ModuleActor.ModuleUpgraded;
import io.interstice.runtime.module.ModuleActor.ProducersDescribed;
import io.interstice.runtime.table.TableException;
import io.interstice.sdk.schema.Lifecycle;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.SchemaCompatibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.persistence.typed.javadsl.Effect;

/**
 * Puts code into a module: a first deploy (with its {@code init} reducer), an upgrade to a
 * compatible version (tables carried over, then its {@code upgrade} reducer), and the reload of the
 * logged code after recovery. A deploy's code is loaded off the actor's thread by the {@link
 * DeployLoader}, within a time budget; a deploy that subscribes to other modules then asks them for
 * their schemas; both come back through {@code pipeToSelf}, and meanwhile other deploys are
 * refused. Refusals are cut to {@code max-message-length}, since they may echo the guest's text.
 *
 * <p>Not thread-safe: confined to the module actor's thread. The asynchronous parts come back to
 * the actor as {@link Loaded} and {@link ProducersDescribed} messages.
 */
final class ModuleInstaller {
  /** Problems a refused deploy lists; the rest are counted. */
  private static final int LISTED_PROBLEMS = 20;

  private final ModuleRuntime runtime;
  private final TransactionRunner runner;
  private final ScheduleTimer schedules;

  ModuleInstaller(ModuleRuntime runtime, TransactionRunner runner, ScheduleTimer schedules) {
    this.runtime = runtime;
    this.runner = runner;
    this.schedules = schedules;
  }

  Effect<Event, ModuleState> onDeploy(ModuleState state, Deploy deploy) {
    var name = runtime.name();
    if (runtime.deploying()) {
      return runtime.refuse(
          state,
          deploy.replyTo(),
          ErrorKind.UNAVAILABLE,
          "module " + name + " is being deployed; try again");
    }
    runtime.deploying(true);
    var loading =
        DeployLoader.load(
            () -> runtime.load(deploy.code()), runtime.settings().limits().deployTime());
    runtime.context().pipeToSelf(loading, (outcome, error) -> new Loaded(deploy, outcome));
    return runtime.effects().none();
  }

  /** The deploy's code is loaded (or refused): checks it against the running version. */
  Effect<Event, ModuleState> onLoaded(ModuleState state, Loaded loaded) {
    runtime.deploying(false);
    var deploy = loaded.deploy();
    var outcome = loaded.outcome();
    if (outcome.module() == null) {
      return refuse(state, deploy, outcome.kind(), outcome.error());
    }
    var name = runtime.name();
    var code = outcome.module();
    var schema = code.schema();
    if (!schema.name().equals(name)) {
      return refuse(
          state,
          deploy,
          ErrorKind.BAD_MODULE,
          deploy.code().describe() + " defines module " + schema.name() + ", not " + name);
    }
    if (state.deployed()) {
      // For a module that failed to recover, deploying the same code again is an upgrade that
      // accepts its tables as they are.
      boolean same = state.code().equals(deploy.code()) && state.schema().equals(schema);
      if (same && !state.failed()) {
        deploy.replyTo().tell(new Deployed(runtime.info(state)));
        return runtime.effects().none();
      }
      var report = SchemaCompatibility.compare(state.schema(), schema);
      if (!same && !report.accepted()) {
        return refuse(state, deploy, ErrorKind.BAD_MODULE, report.toString());
      }
    }
    var producers = SubscriptionCheck.producers(schema);
    if (producers.isEmpty()) {
      return installChecked(state, deploy, code, Map.of());
    }
    describeProducers(deploy, code, producers);
    return runtime.effects().none();
  }

  /** Refuses a deploy with a message cut to the limit: much of it may be the guest's text. */
  private Effect<Event, ModuleState> refuse(
      ModuleState state, Deploy deploy, ErrorKind kind, String message) {
    return runtime.refuse(
        state,
        deploy.replyTo(),
        kind,
        BoundedText.cut(message, runtime.settings().limits().maxMessageLength()));
  }

  /** The first problems and how many more there are. */
  private static String listed(List<String> problems) {
    if (problems.size() <= LISTED_PROBLEMS) {
      return String.join("; ", problems);
    }
    return String.join("; ", problems.subList(0, LISTED_PROBLEMS))
        + "; … and "
        + (problems.size() - LISTED_PROBLEMS)
        + " more problems";
  }

  /**
   * Asks the modules the new one subscribes to for their schemas, then checks the subscriptions.
   */
  private void describeProducers(Deploy deploy, LoadedModule code, List<String> producers) {
    runtime.deploying(true);
    var context = runtime.context();
    var sharding = ClusterSharding.get(context.getSystem());
    var answers = new ArrayList<CompletableFuture<Map.Entry<String, ModuleSchema>>>();
    for (var producer : producers) {
      CompletableFuture<DescribeReply> answer =
          sharding
              .entityRefFor(ModuleActor.TYPE_KEY, producer)
              .<DescribeReply>ask(Describe::new, runtime.settings().describeTimeout())
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
          return new ProducersDescribed(deploy, code, schemas);
        });
  }

  Effect<Event, ModuleState> onProducersDescribed(ModuleState state, ProducersDescribed described) {
    runtime.deploying(false);
    return installChecked(state, described.deploy(), described.module(), described.schemas());
  }

  /**
   * Installs or upgrades once the subscriptions check out against {@code producers}, the schemas of
   * the modules subscribed to.
   */
  private Effect<Event, ModuleState> installChecked(
      ModuleState state, Deploy deploy, LoadedModule code, Map<String, ModuleSchema> producers) {
    var problems = SubscriptionCheck.problems(code.schema(), producers);
    if (!problems.isEmpty()) {
      return refuse(state, deploy, ErrorKind.BAD_MODULE, listed(problems));
    }
    return state.deployed() ? upgrade(state, deploy, code) : install(state, deploy, code);
  }

  /** Persists the deploy, with the init reducer's transaction in the same write. */
  private Effect<Event, ModuleState> install(ModuleState state, Deploy deploy, LoadedModule code) {
    var schema = code.schema();
    state.deployLive(deploy.code(), schema);
    var events = new ArrayList<Event>();
    events.add(new ModuleDeployed(deploy.code(), schema, runtime.nowMicros()));
    var outcome = runLifecycle(state, code, Lifecycle.INIT);
    if (outcome instanceof TransactionRunner.Refused refused) {
      state.undeployLive();
      return runtime.refuse(
          state,
          deploy.replyTo(),
          refused.kind(),
          "module "
              + runtime.name()
              + " was not deployed: its init reducer failed: "
              + refused.message());
    }
    var sent = addCommitted(outcome, events);
    runtime.running(code);
    runtime.log().info("module {} deployed from {}", runtime.name(), deploy.code().describe());
    var deliveries = runtime.deliveries();
    return runtime
        .persistApplied(state, events)
        .thenRun(
            deployed -> {
              deliveries.sendNew(sent);
              deliveries.registerSubscriptions(deployed);
              schedules.arm(deployed);
              deliveries.whenSubscribed(
                  () -> deploy.replyTo().tell(new Deployed(runtime.info(deployed))));
            });
  }

  /**
   * Installs a new version over the running one, checked compatible by {@link #onDeploy}: carries
   * the tables over to the new schema, runs the new version's upgrade reducer (if any) on them in
   * the same transaction, and persists both in one atomic write. If the carry-over or the upgrade
   * reducer fails, the running version stays as it was.
   */
  private Effect<Event, ModuleState> upgrade(ModuleState state, Deploy deploy, LoadedModule code) {
    var name = runtime.name();
    var schema = code.schema();
    var previous = state.snapshotOfVersion();
    try {
      state.upgradeLive(deploy.code(), schema);
    } catch (TableException e) {
      return runtime.refuse(state, deploy.replyTo(), ErrorKind.BAD_MODULE, e.getMessage());
    }
    var events = new ArrayList<Event>();
    events.add(new ModuleUpgraded(deploy.code(), schema, runtime.nowMicros()));
    var outcome = runLifecycle(state, code, Lifecycle.UPGRADE);
    if (outcome instanceof TransactionRunner.Refused refused) {
      state.restoreVersion(previous);
      return runtime.refuse(
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
    var sent = addCommitted(outcome, events);
    var droppedProducers = new ArrayList<>(SubscriptionCheck.producers(previous.schema()));
    droppedProducers.removeAll(SubscriptionCheck.producers(schema));
    runtime.running(code);
    runtime
        .log()
        .info(
            "module {} upgraded from version {} to {} ({})",
            name,
            previous.schema().version(),
            schema.version(),
            deploy.code().describe());
    var deliveries = runtime.deliveries();
    return runtime
        .persistApplied(state, events)
        .thenRun(
            upgraded -> {
              deliveries.sendNew(sent);
              deliveries.unsubscribe(droppedProducers);
              runtime
                  .live()
                  .end(
                      "module "
                          + name
                          + " was upgraded to version "
                          + schema.version()
                          + "; subscribe again");
              deliveries.registerSubscriptions(upgraded);
              schedules.arm(upgraded);
              deliveries.whenSubscribed(
                  () -> deploy.replyTo().tell(new Deployed(runtime.info(upgraded))));
            });
  }

  /** Runs the {@code lifecycle} reducer of {@code code} as a transaction; null if it has none. */
  private TransactionRunner.Outcome runLifecycle(
      ModuleState state, LoadedModule code, Lifecycle lifecycle) {
    var reducer =
        code.schema().reducers().stream().filter(r -> r.lifecycle() == lifecycle).findFirst();
    if (reducer.isEmpty()) {
      return null;
    }
    return runner.run(state, code, reducer.get(), new Object[0], Trigger.LIFECYCLE);
  }

  /** Adds a lifecycle reducer's committed transaction, if any; returns the entries it sends. */
  private static List<OutboxEntry> addCommitted(
      TransactionRunner.Outcome outcome, List<Event> events) {
    if (outcome == null) {
      return List.of();
    }
    var event = ((TransactionRunner.Succeeded) outcome).event();
    events.add(event);
    return event.outbox();
  }

  /**
   * After recovery: loads the logged code, which must still describe the logged schema; otherwise
   * the module keeps its tables but refuses to run until the original code is deployed.
   */
  void loadRecovered(ModuleState state) {
    var name = runtime.name();
    try {
      var code = runtime.loadRecovered(state.code(), state.schema());
      if (!code.schema().equals(state.schema())) {
        var error =
            "module "
                + name
                + ": "
                + state.code().describe()
                + " now describes another schema than the deployed version "
                + state.schema().version()
                + "; deploy the original code or upgrade the module";
        runtime.cannotRun(error);
        runtime.log().error(error);
        return;
      }
      runtime.running(code);
      schedules.arm(state);
    } catch (ModuleLoadException e) {
      var error = "module " + name + " cannot run: " + e.getMessage();
      runtime.cannotRun(error);
      runtime.log().error(error, e);
    }
  }
}
