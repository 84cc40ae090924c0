// Reads the Prometheus text format of GET /metrics, and turns counters into rates between scrapes.

/** Parses the text into samples {name, labels, value}; comments and malformed lines are skipped. */
export function parse(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{(.*)\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const labels = {};
    for (const label of (match[3] || '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[label[1]] = label[2];
    samples.push({ name: match[1], labels, value: Number(match[4]) });
  }
  return samples;
}

/** The sum of the samples of a metric whose labels include all of {@code labels}. */
export function total(samples, name, labels = {}) {
  let sum = 0;
  for (const sample of samples) {
    if (sample.name !== name) continue;
    if (Object.entries(labels).every(([k, v]) => sample.labels[k] === v)) sum += sample.value;
  }
  return sum;
}

/** The values of one label among a metric's samples (such as every module of a counter). */
export function labelValues(samples, name, label) {
  return [...new Set(samples.filter((s) => s.name === name && label in s.labels).map((s) => s.labels[label]))].sort();
}

/**
 * Scrapes /metrics every few seconds and tells listeners the two latest scrapes, from which they
 * compute rates (per second) and means over the interval.
 */
export class MetricsPoller {
  constructor(fetchText, intervalMs = 2000) {
    this.fetchText = fetchText;
    this.intervalMs = intervalMs;
    this.listeners = new Set();
    this.previous = null;
    this.timer = null;
  }

  listen(listener) {
    this.listeners.add(listener);
    if (!this.timer) this.tick();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        clearTimeout(this.timer);
        this.timer = null;
        this.previous = null;
      }
    };
  }

  async tick() {
    try {
      const now = { at: performance.now(), samples: parse(await this.fetchText()) };
      if (this.previous) {
        const window = new Interval(this.previous, now);
        for (const listener of this.listeners) listener(window);
      }
      this.previous = now;
    } catch (error) {
      // a failed scrape leaves a gap in the charts; the next one goes on
    }
    if (this.listeners.size > 0) this.timer = setTimeout(() => this.tick(), this.intervalMs);
  }
}

/** Two scrapes: what a counter did between them, and the latest value of a gauge. */
export class Interval {
  constructor(before, after) {
    this.before = before.samples;
    this.after = after.samples;
    this.seconds = Math.max(0.001, (after.at - before.at) / 1000);
  }

  latest(name, labels) {
    return total(this.after, name, labels);
  }

  delta(name, labels) {
    return Math.max(0, total(this.after, name, labels) - total(this.before, name, labels));
  }

  rate(name, labels) {
    return this.delta(name, labels) / this.seconds;
  }

  /** The mean of a histogram over the interval (sum / count), or null when nothing was observed. */
  mean(histogram, labels) {
    const count = this.delta(`${histogram}_count`, labels);
    return count === 0 ? null : this.delta(`${histogram}_sum`, labels) / count;
  }
}
