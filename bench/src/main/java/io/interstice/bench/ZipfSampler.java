package io.interstice.bench;

import java.util.SplittableRandom;

/**
 * Draws ranks 1..n with a Zipf distribution: rank k has probability proportional to 1 / k^exponent
 * (exponent 1.0 over 100,000 ranks gives rank 1 about 8 % of all draws, the top 100 about 43 %).
 * Exact, in constant time per draw: Vose's alias method, a table of n columns each holding one rank
 * and, for the rest of the column, an alias. A draw picks a column and a point in it: two reads,
 * where bisecting a cumulative table of 100,000 doubles read about 17, most of them cache misses,
 * on the callers' thread of every transfer benchmark.
 *
 * <p>Immutable and thread-safe; the randomness comes from the caller's generator, so a seeded
 * generator gives a reproducible sequence.
 */
final class ZipfSampler {
  /** Probability, within column i, of drawing rank i + 1 rather than {@code alias[i]}. */
  private final double[] keep;

  private final int[] alias;
  private final double[] probability;

  ZipfSampler(int n, double exponent) {
    if (n < 1 || exponent < 0) {
      throw new IllegalArgumentException("need n >= 1 and exponent >= 0: " + n + ", " + exponent);
    }
    probability = new double[n];
    double sum = 0;
    for (int k = 1; k <= n; k++) {
      probability[k - 1] = 1.0 / Math.pow(k, exponent);
      sum += probability[k - 1];
    }
    for (int i = 0; i < n; i++) {
      probability[i] /= sum;
    }
    keep = new double[n];
    alias = new int[n];
    // Columns below their share (small) are topped up from columns above it (large).
    var scaled = new double[n];
    var small = new int[n];
    var large = new int[n];
    int smalls = 0;
    int larges = 0;
    for (int i = 0; i < n; i++) {
      scaled[i] = probability[i] * n;
      if (scaled[i] < 1.0) {
        small[smalls++] = i;
      } else {
        large[larges++] = i;
      }
    }
    while (smalls > 0 && larges > 0) {
      int less = small[--smalls];
      int more = large[--larges];
      keep[less] = scaled[less];
      alias[less] = more;
      scaled[more] = scaled[more] + scaled[less] - 1.0;
      if (scaled[more] < 1.0) {
        small[smalls++] = more;
      } else {
        large[larges++] = more;
      }
    }
    // What is left is full up to rounding.
    while (larges > 0) {
      keep[large[--larges]] = 1.0;
    }
    while (smalls > 0) {
      keep[small[--smalls]] = 1.0;
    }
  }

  int size() {
    return keep.length;
  }

  /** A rank in 1..n. */
  int next(SplittableRandom random) {
    int column = random.nextInt(keep.length);
    return random.nextDouble() < keep[column] ? column + 1 : alias[column] + 1;
  }

  /** Probability of {@code rank} (1..n). */
  double probability(int rank) {
    return probability[rank - 1];
  }
}
