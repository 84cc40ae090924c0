package io.interstice.runtime.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The per-module metric families of one node, each labelled with {@code module} (calls also with
 * their {@code outcome}), registered in the node's registry. {@link ModuleMetrics} resolves a
 * module's series from them once.
 *
 * <p>Exemplars are off (nothing here traces) and histograms are classic only (the text format shows
 * nothing else), so an observation costs a few atomic additions.
 *
 * <p>Thread-safe: the families are the library's, which are.
 */
final class ModuleFamilies {
  static final String MODULE = "module";
  static final String OUTCOME = "outcome";

  /** The {@code outcome} of a call that committed (a refusal's is its error kind). */
  static final String COMMITTED = "committed";

  final Counter calls;
  final Histogram callSeconds;
  final Counter queries;
  final Counter transactions;
  final Histogram batchTransactions;
  final Histogram recoverySeconds;
  final Counter deliveriesSent;
  final Counter deliveriesAcknowledged;
  final Counter traps;
  final Gauge liveSubscribers;

  ModuleFamilies(PrometheusRegistry registry) {
    calls =
        Counter.builder()
            .name("interstice_reducer_calls_total")
            .help("Reducer calls answered by the modules of this node, by outcome.")
            .labelNames(MODULE, OUTCOME)
            .withoutExemplars()
            .register(registry);
    callSeconds =
        Histogram.builder()
            .name("interstice_reducer_call_seconds")
            .help("Time from a call's arrival at its module's actor to its answer.")
            .unit(Unit.SECONDS)
            .labelNames(MODULE)
            .classicOnly()
            .classicUpperBounds(Buckets.CALL_SECONDS)
            .withoutExemplars()
            .register(registry);
    queries =
        Counter.builder()
            .name("interstice_queries_total")
            .help("Queries answered by the modules of this node.")
            .labelNames(MODULE)
            .withoutExemplars()
            .register(registry);
    transactions =
        Counter.builder()
            .name("interstice_transactions_committed_total")
            .help("Transactions whose reducer succeeded, persisted in a module's batches.")
            .labelNames(MODULE)
            .withoutExemplars()
            .register(registry);
    batchTransactions =
        Histogram.builder()
            .name("interstice_batch_transactions")
            .help("Transactions per batch a module persisted in one atomic write.")
            .labelNames(MODULE)
            .classicOnly()
            .classicUpperBounds(Buckets.POWERS_OF_TWO)
            .withoutExemplars()
            .register(registry);
    recoverySeconds =
        Histogram.builder()
            .name("interstice_module_recovery_seconds")
            .help("Recoveries of deployed modules from the log, and how long each took.")
            .unit(Unit.SECONDS)
            .labelNames(MODULE)
            .classicOnly()
            .classicUpperBounds(Buckets.RECOVERY_SECONDS)
            .withoutExemplars()
            .register(registry);
    deliveriesSent =
        Counter.builder()
            .name("interstice_outbox_deliveries_sent_total")
            .help("Outbox entries a module sent to their target modules, resends included.")
            .labelNames(MODULE)
            .withoutExemplars()
            .register(registry);
    deliveriesAcknowledged =
        Counter.builder()
            .name("interstice_outbox_deliveries_acknowledged_total")
            .help("Outbox entries of a module that their targets acknowledged.")
            .labelNames(MODULE)
            .withoutExemplars()
            .register(registry);
    traps =
        Counter.builder()
            .name("interstice_wasm_traps_total")
            .help("Reducer and query calls of a WebAssembly module that trapped.")
            .labelNames(MODULE)
            .withoutExemplars()
            .register(registry);
    liveSubscribers =
        Gauge.builder()
            .name("interstice_live_subscribers")
            .help("Live subscriptions to a module's tables open now.")
            .labelNames(MODULE)
            .withoutExemplars()
            .register(registry);
  }
}
