package io.interstice.runtime.metrics;

import io.interstice.journal.JournalRegistry;
import io.interstice.journal.log.LogListener;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The metrics of one node, kept in a Prometheus registry of the node's own (never the library's
 * default registry, so that several nodes in one JVM keep their figures apart) and served as
 * Prometheus text by {@code GET /metrics}. Module actors report through {@link #module}; the
 * journals of the node's actor system report through the listener this registers with their {@link
 * JournalRegistry}. Every metric, with its type and labels, is listed in {@code docs/http-api.md}
 * ("Metrics").
 *
 * <p>Thread-safe.
 */
public final class NodeMetrics {
  /** The media type of {@link #scrape()}: Prometheus text format 0.0.4, UTF-8. */
  public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter text = PrometheusTextFormatWriter.create();
  private final ModuleFamilies modules;
  private final JournalMetrics journal;

  private NodeMetrics(JournalRegistry journals) {
    this.modules = new ModuleFamilies(registry);
    this.journal = new JournalMetrics(registry, journals);
  }

  /**
   * The metrics of a node whose journals are those of {@code journals}: it hears their writes from
   * now on (those of journals already running included) and reads their logs when scraped.
   */
  public static NodeMetrics of(JournalRegistry journals) {
    var metrics = new NodeMetrics(journals);
    journals.listen(metrics.journal);
    return metrics;
  }

  /** What the actor of module {@code name} reports through (one per actor incarnation). */
  public ModuleMetrics module(String name) {
    return new ModuleMetrics(modules, name);
  }

  /** What the node's journals report their group commits and forces to. */
  public LogListener journalListener() {
    return journal;
  }

  /** Every metric now, in the Prometheus text format ({@link #CONTENT_TYPE}). */
  public byte[] scrape() {
    var out = new ByteArrayOutputStream(8192);
    try {
      text.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write metrics to memory", e);
    }
    return out.toByteArray();
  }
}
