package io.interstice.bench;

import java.lang.management.ManagementFactory;

/**
 * What one fan-out row measured.
 *
 * @param subscribers subscriber modules, each receiving every post
 * @param callers concurrent closed-loop callers posting
 * @param seconds length of the measurement
 * @param posts posts committed in the measured window (by their transaction timestamp)
 * @param deliveries delivery transactions of all subscribers committed in the window
 * @param delayP50Micros median commit-to-delivery-commit delay of the window's posts, over all
 *     subscribers
 * @param delayP99Micros 99th percentile of that delay
 * @param delayMaxMicros largest delay
 * @param postP50Micros median call-to-reply latency of {@code post}
 * @param postP99Micros 99th percentile call-to-reply latency of {@code post}
 * @param drainSeconds time from the callers' stop until the last post reached the last subscriber
 * @param exactlyOnce every post of the load has exactly one row in every subscriber
 * @param missing posts of the load without a row, summed over the subscribers (0 unless the drain
 *     timed out)
 * @param cpuMicrosPerTx CPU time of the whole process during the measurement per transaction
 *     committed in it, posts and deliveries together
 * @param loadAverage the machine's one-minute load average when the measurement ended
 */
record FanoutResult(
    int subscribers,
    int callers,
    double seconds,
    long posts,
    long deliveries,
    double delayP50Micros,
    double delayP99Micros,
    double delayMaxMicros,
    double postP50Micros,
    double postP99Micros,
    double drainSeconds,
    boolean exactlyOnce,
    long missing,
    double cpuMicrosPerTx,
    double loadAverage) {

  double postsPerSecond() {
    return posts / seconds;
  }

  double deliveriesPerSecond() {
    return deliveries / seconds;
  }

  /** Deliveries in the window per delivery owed for the window's posts: 1.0 when they kept up. */
  double keptUp() {
    if (subscribers == 0) {
      return 1;
    }
    return posts == 0 ? 0 : (double) deliveries / (posts * (double) subscribers);
  }

  static FanoutResult of(
      int subscribers,
      int callers,
      ClosedLoop.Counted counted,
      FanoutTally tally,
      double drainSeconds,
      double loadAverage) {
    var calls = counted.latencies();
    var delays = tally.delays();
    long transactions = tally.posts() + tally.deliveries();
    return new FanoutResult(
        subscribers,
        callers,
        counted.seconds(),
        tally.posts(),
        tally.deliveries(),
        delays.getValueAtPercentile(50) / 1e3,
        delays.getValueAtPercentile(99) / 1e3,
        delays.getMaxValue() / 1e3,
        calls.getValueAtPercentile(50) / 1e3,
        calls.getValueAtPercentile(99) / 1e3,
        drainSeconds,
        tally.exactlyOnce(),
        tally.missing(),
        transactions == 0 ? 0 : counted.cpuSeconds() * 1e6 / transactions,
        loadAverage);
  }

  /** The machine's one-minute load average now. */
  static double loadAverageNow() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
