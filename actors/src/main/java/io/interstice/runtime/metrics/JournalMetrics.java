package io.interstice.runtime.metrics;

import io.interstice.journal.JournalRegistry;
import io.interstice.journal.log.JournalStore;
import io.interstice.journal.log.LogListener;
import io.interstice.runtime.trace.ReducerTrace;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.function.ToLongFunction;

/**
 * The journal's metrics on one node. What the log's writer does is heard as it happens, through the
 * {@link LogListener} the node hands its {@link JournalRegistry}: one call per group commit and per
 * force, each a few atomic additions on series resolved here once. What the log holds (segments)
 * and what its scrub found are read from the running journals when the registry is scraped, at no
 * cost to the write path; after a journal reopens its log (a failed force) the scrub's counts start
 * again from zero, which Prometheus treats as a counter reset.
 *
 * <p>Thread-safe: the listener is called on the log's writer thread, the callbacks on the thread
 * that scrapes.
 */
final class JournalMetrics implements LogListener {
  private static final double NANOS_PER_SECOND = 1e9;

  private final DistributionDataPoint batchFrames;
  private final DistributionDataPoint forceSeconds;
  private final CounterDataPoint appendedBytes;

  JournalMetrics(PrometheusRegistry registry, JournalRegistry journals) {
    batchFrames =
        Histogram.builder()
            .name("interstice_journal_write_batch_frames")
            .help("Frames per group commit of the node's log (one write, at most one force).")
            .classicOnly()
            .classicUpperBounds(Buckets.POWERS_OF_TWO)
            .withoutExemplars()
            .register(registry);
    forceSeconds =
        Histogram.builder()
            .name("interstice_journal_force_seconds")
            .help("Time each force (fsync) of the node log's active segment took.")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(Buckets.FORCE_SECONDS)
            .withoutExemplars()
            .register(registry);
    appendedBytes =
        Counter.builder()
            .name("interstice_journal_appended_bytes_total")
            .help("Bytes of frames appended to the node's log.")
            .unit(Unit.BYTES)
            .withoutExemplars()
            .register(registry);
    GaugeWithCallback.builder()
        .name("interstice_journal_segments")
        .help("Segment files of the node's log, the active one included.")
        .callback(gauge -> gauge.call(sum(journals, store -> store.ownLog().segmentCount())))
        .register(registry);
    CounterWithCallback.builder()
        .name("interstice_journal_scrub_passes_total")
        .help("Passes of the background scrub over the log's sealed segments and snapshots.")
        .callback(counter -> counter.call(sum(journals, store -> store.scrubber().passes())))
        .register(registry);
    CounterWithCallback.builder()
        .name("interstice_journal_scrub_findings_total")
        .help("Damaged regions the background scrub found (each counted once).")
        .callback(counter -> counter.call(sum(journals, store -> store.scrubber().damageFound())))
        .register(registry);
  }

  private static double sum(JournalRegistry journals, ToLongFunction<JournalStore> figure) {
    long total = 0;
    for (var store : journals.stores()) {
      total += figure.applyAsLong(store);
    }
    return total;
  }

  @Override
  public void appended(int frames, long bytes) {
    batchFrames.observe(frames);
    appendedBytes.inc(bytes);
  }

  @Override
  public void forced(long nanos) {
    forceSeconds.observe(nanos / NANOS_PER_SECOND);
    var trace = ReducerTrace.recording(); // one volatile read per force when tracing is off
    if (trace != null) {
      long now = System.nanoTime();
      trace.forced(now - nanos, now);
    }
  }
}
