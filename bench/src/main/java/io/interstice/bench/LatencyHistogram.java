package io.interstice.bench;

/**
 * A log-linear histogram of latencies in nanoseconds: exact below 128 ns, then 64 buckets per power
 * of two (relative error under 1.6 %), so percentiles of millions of samples cost a few KiB.
 *
 * <p>Not thread-safe: each persistent actor of the benchmark owns one and hands it over (through a
 * concurrent queue) only after it stopped recording; histograms are then merged by one thread.
 */
final class LatencyHistogram {
  private static final int EXACT = 128;
  private static final int SUB_BUCKETS = 64;
  private static final int SUB_BITS = 6;
  private static final int BUCKETS = EXACT + (64 - 7) * SUB_BUCKETS;

  private final long[] counts = new long[BUCKETS];
  private long total;
  private long max;

  void record(long nanos) {
    long value = Math.max(0, nanos);
    counts[index(value)]++;
    total++;
    max = Math.max(max, value);
  }

  void add(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
    max = Math.max(max, other.max);
  }

  long count() {
    return total;
  }

  long maxNanos() {
    return max;
  }

  /** The value below which {@code quantile} (0..1) of the samples lie; 0 when empty. */
  long percentileNanos(double quantile) {
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(quantile * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return Math.min(max, middle(i));
      }
    }
    return max;
  }

  private static int index(long value) {
    if (value < EXACT) {
      return (int) value;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(value); // >= 7
    int sub = (int) (value >>> (exponent - SUB_BITS)) & (SUB_BUCKETS - 1);
    return EXACT + (exponent - 7) * SUB_BUCKETS + sub;
  }

  private static long middle(int index) {
    if (index < EXACT) {
      return index;
    }
    int exponent = (index - EXACT) / SUB_BUCKETS + 7;
    int sub = (index - EXACT) % SUB_BUCKETS;
    long width = 1L << (exponent - SUB_BITS);
    return ((long) (SUB_BUCKETS + sub) << (exponent - SUB_BITS)) + width / 2;
  }
}
