package io.interstice.runtime.metrics;

/**
 * The upper bounds of the node's histograms, in one place so that the documented buckets are the
 * ones served.
 */
final class Buckets {
  private Buckets() {}

  /** A reducer call, from its arrival at the module actor to its answer: 0.5 ms to a minute. */
  static final double[] CALL_SECONDS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };

  /** A module's recovery, from its actor's start to the end of replay: 10 ms to 5 minutes. */
  static final double[] RECOVERY_SECONDS = {0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300};

  /** A force of the active segment: 50 µs to 2.5 s. */
  static final double[] FORCE_SECONDS = {
    0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 2.5
  };

  /** Counts that grow by doubling (frames per group commit, transactions per batch): 1 to 4096. */
  static final double[] POWERS_OF_TWO = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096};
}
