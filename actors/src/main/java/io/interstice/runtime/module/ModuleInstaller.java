package io.interstice.runtime.module;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.module.ModuleActor.Deploy;
import io.interstice.runtime.module.ModuleActor.Deployed;
import io.interstice.runtime.module.ModuleActor.Describe;
import io.interstice.runtime.module.ModuleActor.DescribeReply;
import io.interstice.runtime.module.ModuleActor.Described;
import io.interstice.runtime.module.ModuleActor.Loaded;
import io.interstice.runtime.module.ModuleActor.ProducersDescribed;
import io.interstice.runtime.module.code.BoundedText;
import io.interstice.runtime.module.code.LoadedModule;
import io.interstice.runtime.module.code.LogContext;
import io.interstice.runtime.module.code.ModuleLoadException;
import io.interstice.runtime.module.outbox.OutboxEntry;
import io.interstice.runtime.module.outbox.SubscriptionCheck;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleEvent.ModuleDeployed;
import io.interstice.runtime.module.state.ModuleEvent.ModuleUpgraded;
import io.interstice.runtime.module.state.ModuleState;
import io.interstice.runtime.module.state.Trigger;
import io.interstice.runtime.module.tx.TransactionRunner;
import io.interstice.runtime.table.TableException;
import io.interstice.sdk.schema.Lifecycle;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.SchemaCompatibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
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

  private final ModuleContext runtime;
  private final TransactionRunner runner;
  private final ScheduleTimer schedules;

  /** A stop came while a deploy was in flight: the actor stops once the deploy is decided. */
  private boolean stopWhenDeployed;

  ModuleInstaller(ModuleContext runtime, TransactionRunner runner, ScheduleTimer schedules) {
    this.runtime = runtime;
    this.runner = runner;
    this.schedules = schedules;
  }

  /** Starts a deploy: loads its code off the actor's thread (see {@link DeployLoader}). */
  Effect<ModuleEvent, ModuleState> onDeploy(ModuleState state, Deploy deploy) {
    state.deploying(true);
    var loading =
        DeployLoader.load(
            () -> runtime.load(deploy.code()), runtime.settings().limits().deployTime());
    runtime.context().pipeToSelf(loading, (outcome, error) -> new Loaded(deploy, outcome));
    return runtime.effects().none();
  }

  /** A deploy or removal while another deploy is in flight: the caller tries again. */
  <R> Effect<ModuleEvent, ModuleState> refuseBusy(ModuleState state, ActorRef<R> replyTo) {
    return runtime.refuse(
        state,
        replyTo,
        ErrorKind.UNAVAILABLE,
        "module " + runtime.name() + " is being deployed; try again");
  }

  /**
   * A stop (sharding's passivation) while a deploy is in flight: stopping now would lose the loaded
   * code and leave the deploy unanswered, so the actor stops once the deploy is decided.
   */
  Effect<ModuleEvent, ModuleState> onStopWhileDeploying() {
    stopWhenDeployed = true;
    return runtime.effects().none();
  }

  /** The deploy in flight is decided (or waits no more on this step). */
  private void deployDecided(ModuleState state) {
    state.deploying(false);
    if (stopWhenDeployed) {
      stopWhenDeployed = false;
      runtime.context().getSelf().tell(ModuleActor.Stop.INSTANCE);
    }
  }

  /** The deploy's code is loaded (or refused): checks it against the running version. */
  Effect<ModuleEvent, ModuleState> onLoaded(ModuleState state, Loaded loaded) {
    deployDecided(state);
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
        var deployed = new Deployed(runtime.info(state));
        runtime.afterForce(
            () -> deploy.replyTo().tell(deployed),
            () -> deploy.replyTo().tell(runtime.notDurable("deploy")));
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
    state.deploying(true);
    describeProducers(deploy, code, producers);
    return runtime.effects().none();
  }

  /** Refuses a deploy with a message cut to the limit: much of it may be the guest's text. */
  private Effect<ModuleEvent, ModuleState> refuse(
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

  Effect<ModuleEvent, ModuleState> onProducersDescribed(
      ModuleState state, ProducersDescribed described) {
    deployDecided(state);
    return installChecked(state, described.deploy(), described.module(), described.schemas());
  }

  /**
   * Installs or upgrades once the subscriptions check out against {@code producers}, the schemas of
   * the modules subscribed to.
   */
  private Effect<ModuleEvent, ModuleState> installChecked(
      ModuleState state, Deploy deploy, LoadedModule code, Map<String, ModuleSchema> producers) {
    var problems = SubscriptionCheck.problems(code.schema(), producers);
    if (!problems.isEmpty()) {
      return refuse(state, deploy, ErrorKind.BAD_MODULE, listed(problems));
    }
    return state.deployed() ? upgrade(state, deploy, code) : install(state, deploy, code);
  }

  /** Persists the deploy, with the init reducer's transaction in the same write. */
  private Effect<ModuleEvent, ModuleState> install(
      ModuleState state, Deploy deploy, LoadedModule code) {
    var schema = code.schema();
    state.deployLive(deploy.code(), schema);
    var events = new ArrayList<ModuleEvent>();
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
    state.run(code);
    state.recordInstallation(events.get(0));
    LogContext.log(
        runtime.name(),
        () ->
            runtime
                .log()
                .info("module {} deployed from {}", runtime.name(), deploy.code().describe()));
    var deliveries = runtime.deliveries();
    return runtime
        .persistApplied(state, events)
        .thenRun(
            deployed ->
                runtime.afterForce(
                    () -> {
                      deliveries.sendNew(sent);
                      deliveries.registerSubscriptions(deployed);
                      schedules.arm(deployed);
                      deliveries.whenSubscribed(
                          () -> deploy.replyTo().tell(new Deployed(runtime.info(deployed))));
                    },
                    () -> deploy.replyTo().tell(runtime.notDurable("deploy"))));
  }

  /**
   * Installs a new version over the running one, checked compatible by {@link #onDeploy}: carries
   * the tables over to the new schema, runs the new version's upgrade reducer (if any) on them in
   * the same transaction, and persists both in one atomic write. If the carry-over or the upgrade
   * reducer fails, the running version stays as it was.
   */
  private Effect<ModuleEvent, ModuleState> upgrade(
      ModuleState state, Deploy deploy, LoadedModule code) {
    var name = runtime.name();
    var schema = code.schema();
    var previous = state.snapshotOfVersion();
    try {
      state.upgradeLive(deploy.code(), schema);
    } catch (TableException e) {
      return runtime.refuse(state, deploy.replyTo(), ErrorKind.BAD_MODULE, e.getMessage());
    }
    var events = new ArrayList<ModuleEvent>();
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
    state.run(code);
    state.recordInstallation(events.get(0));
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
            upgraded ->
                runtime.afterForce(
                    () -> {
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
                    },
                    () -> deploy.replyTo().tell(runtime.notDurable("upgrade"))));
  }

  /** Runs the {@code lifecycle} reducer of {@code code} as a transaction; null if it has none. */
  private TransactionRunner.Outcome runLifecycle(
      ModuleState state, LoadedModule code, Lifecycle lifecycle) {
    var reducer =
        code.schema().reducers().stream().filter(r -> r.lifecycle() == lifecycle).findFirst();
    if (reducer.isEmpty()) {
      return null;
    }
    var outcome = runner.run(state, code, reducer.get(), new Object[0], Trigger.LIFECYCLE);
    // A trap here refuses the deploy or upgrade, and its deployer hears why; only the calls of a
    // deployed module count as traps (so a refused deploy leaves no series behind).
    runner.takeGuestTraps();
    return outcome;
  }

  /** Adds a lifecycle reducer's committed transaction, if any; returns the entries it sends. */
  private static List<OutboxEntry> addCommitted(
      TransactionRunner.Outcome outcome, List<ModuleEvent> events) {
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
        state.cannotRun(error);
        LogContext.log(name, () -> runtime.log().error(error));
        return;
      }
      state.run(code);
      schedules.arm(state);
    } catch (ModuleLoadException e) {
      var error = "module " + name + " cannot run: " + e.getMessage();
      state.cannotRun(error);
      LogContext.log(name, () -> runtime.log().error(error, e));
    }
  }
}
