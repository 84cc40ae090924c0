/**
 * The metrics of a node ({@link io.interstice.runtime.metrics.NodeMetrics}), kept with the
 * Prometheus client library in a registry of the node's own and served as Prometheus text by {@code
 * GET /metrics}: per module ({@link io.interstice.runtime.metrics.ModuleMetrics}, written by the
 * module actor) and for the journal (heard through the journal's {@link
 * io.interstice.journal.log.LogListener}, and read from its stores when scraped). Every metric is
 * listed in {@code docs/http-api.md}, "Metrics". Depends only on {@code io.interstice.runtime} and
 * the journal's public packages, so every layer above may report here.
 */
package io.interstice.runtime.metrics;
