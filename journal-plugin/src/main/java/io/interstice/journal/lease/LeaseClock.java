package io.interstice.journal.lease;

/**
 * The two clocks a {@link FileLease} reads: the wall clock, whose readings it writes into the lease
 * file for other nodes to compare with theirs, and a monotonic clock, which measures how long it
 * has held the lease since its last renewal even when the wall clock is stepped. Tests substitute a
 * clock they move by hand.
 *
 * <p>Implementations must be thread-safe.
 */
public interface LeaseClock {
  /** {@link System#currentTimeMillis()} and {@link System#nanoTime()}. */
  LeaseClock SYSTEM =
      new LeaseClock() {
        @Override
        public long wallMillis() {
          return System.currentTimeMillis();
        }

        @Override
        public long nanos() {
          return System.nanoTime();
        }
      };

  /** Milliseconds since the epoch, as every node of the cluster reads them (NTP-synchronised). */
  long wallMillis();

  /** A monotonic reading in nanoseconds, meaningful only as a difference with another one. */
  long nanos();
}
