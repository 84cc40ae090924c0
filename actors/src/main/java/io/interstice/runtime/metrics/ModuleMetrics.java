package io.interstice.runtime.metrics;

import io.interstice.runtime.ErrorKind;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;

/**
 * What one module's actor reports: calls and their latency, queries, persisted batches, recoveries,
 * outbox traffic, traps and live subscribers. The module's series are resolved from the node's
 * families once, at the first report, so that a report costs a few atomic additions, with no lookup
 * and no string built. Only a deployed module reports (calls to a module that is not deployed are
 * not counted), so names that are merely asked for leave no series behind.
 *
 * <p>Not thread-safe: owned by the module's actor, a new one per incarnation (the series it
 * resolves are the node's and thread-safe, so incarnations add to the same ones).
 */
public final class ModuleMetrics {
  private static final double NANOS_PER_SECOND = 1e9;

  private final ModuleFamilies families;
  private final String module;
  private Series series;

  ModuleMetrics(ModuleFamilies families, String module) {
    this.families = families;
    this.module = module;
  }

  /** The module's series; refused calls get theirs per kind when a kind first occurs. */
  private final class Series {
    final CounterDataPoint committedCalls =
        families.calls.labelValues(module, ModuleFamilies.COMMITTED);
    final CounterDataPoint[] refusedCalls = new CounterDataPoint[ErrorKind.values().length];
    final DistributionDataPoint callSeconds = families.callSeconds.labelValues(module);
    final CounterDataPoint queries = families.queries.labelValues(module);
    final CounterDataPoint transactions = families.transactions.labelValues(module);
    final DistributionDataPoint batchTransactions = families.batchTransactions.labelValues(module);
    final DistributionDataPoint recoverySeconds = families.recoverySeconds.labelValues(module);
    final CounterDataPoint deliveriesSent = families.deliveriesSent.labelValues(module);
    final CounterDataPoint deliveriesAcknowledged =
        families.deliveriesAcknowledged.labelValues(module);
    final CounterDataPoint traps = families.traps.labelValues(module);
    final GaugeDataPoint liveSubscribers = families.liveSubscribers.labelValues(module);

    CounterDataPoint refused(ErrorKind kind) {
      var counter = refusedCalls[kind.ordinal()];
      if (counter == null) {
        counter = families.calls.labelValues(module, kind.name());
        refusedCalls[kind.ordinal()] = counter;
      }
      return counter;
    }
  }

  private Series series() {
    if (series == null) {
      series = new Series();
    }
    return series;
  }

  /**
   * A call was answered as committed (its transaction durable, or an earlier one its idempotency
   * key stands for); it reached the actor at {@code receivedNanos} ({@link System#nanoTime}).
   */
  public void callCommitted(long receivedNanos) {
    var s = series();
    s.committedCalls.inc();
    s.callSeconds.observe(secondsSince(receivedNanos));
  }

  /** A call was answered with a refusal of this kind; it reached the actor at {@code received}. */
  public void callRefused(ErrorKind kind, long receivedNanos) {
    var s = series();
    s.refused(kind).inc();
    s.callSeconds.observe(secondsSince(receivedNanos));
  }

  /** A query was answered (with its result or a refusal). */
  public void queried() {
    series().queries.inc();
  }

  /**
   * A batch of {@code transactions} transactions is durable, {@code committed} of them with a
   * reducer that succeeded (the others record a delivery or scheduled run whose reducer failed).
   */
  public void batchPersisted(int transactions, int committed) {
    var s = series();
    s.batchTransactions.observe(transactions);
    s.transactions.inc(committed);
  }

  /** The deployed module recovered from its log in {@code nanos}. */
  public void recovered(long nanos) {
    series().recoverySeconds.observe(nanos / NANOS_PER_SECOND);
  }

  /** An outbox entry was sent (or sent again) to its target. */
  public void deliverySent() {
    series().deliveriesSent.inc();
  }

  /** A target acknowledged {@code entries} more outbox entries. */
  public void deliveriesAcknowledged(int entries) {
    if (entries > 0) {
      series().deliveriesAcknowledged.inc(entries);
    }
  }

  /** {@code traps} calls into the module's WebAssembly code trapped. */
  public void trapped(int traps) {
    if (traps > 0) {
      series().traps.inc(traps);
    }
  }

  /** The module has {@code count} live subscribers now. */
  public void liveSubscribers(int count) {
    if (series == null && count == 0) {
      return; // every actor ends its (no) subscribers when it stops, deployed or not
    }
    series().liveSubscribers.set(count);
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / NANOS_PER_SECOND;
  }
}
