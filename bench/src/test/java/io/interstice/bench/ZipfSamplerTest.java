package io.interstice.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sampler draws each rank as often as its Zipf probability says, and only ranks 1..n. */
class ZipfSamplerTest {
  @Test
  void shouldDrawRanksWithTheirZipfProbabilities() {
    int n = 100_000;
    var zipf = new ZipfSampler(n, 1.0);
    double harmonic = 0;
    for (int k = 1; k <= n; k++) {
      harmonic += 1.0 / k;
    }
    assertEquals(1.0 / harmonic, zipf.probability(1), 1e-12);
    assertEquals(1.0 / (100 * harmonic), zipf.probability(100), 1e-12);

    int draws = 2_000_000;
    var counts = new int[n + 1];
    var random = new SplittableRandom(7);
    for (int i = 0; i < draws; i++) {
      int rank = zipf.next(random);
      assertTrue(rank >= 1 && rank <= n, "rank " + rank);
      counts[rank]++;
    }
    // Ranks 1, 2, 10 and 100, and the top 100 together, within 5 standard deviations.
    for (int rank : new int[] {1, 2, 10, 100}) {
      assertNear(zipf.probability(rank), counts[rank], draws, "rank " + rank);
    }
    double top = 0;
    long topCount = 0;
    for (int rank = 1; rank <= 100; rank++) {
      top += zipf.probability(rank);
      topCount += counts[rank];
    }
    assertNear(top, topCount, draws, "the top 100");
    assertEquals(0.43, top, 0.01);
  }

  @Test
  void shouldDrawUniformlyWithExponentZeroAndTheOneRankOfOne() {
    var uniform = new ZipfSampler(4, 0.0);
    var counts = new int[5];
    var random = new SplittableRandom(3);
    for (int i = 0; i < 400_000; i++) {
      counts[uniform.next(random)]++;
    }
    for (int rank = 1; rank <= 4; rank++) {
      assertNear(0.25, counts[rank], 400_000, "rank " + rank);
    }
    var one = new ZipfSampler(1, 1.0);
    assertEquals(1, one.next(random));
    assertEquals(1.0, one.probability(1), 1e-12);
  }

  private static void assertNear(double p, long count, int draws, String what) {
    double expected = p * draws;
    double sigma = Math.sqrt(draws * p * (1 - p));
    assertTrue(
        Math.abs(count - expected) <= 5 * sigma + 1,
        what + ": " + count + " draws, expected " + expected + " ± " + 5 * sigma);
  }
}
