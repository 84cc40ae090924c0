package io.interstice.journal.lease;

import com.typesafe.config.Config;
import io.interstice.journal.JournalException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.apache.pekko.coordination.lease.LeaseSettings;

/**
 * The timings of a {@link FileLease} and where its files live; the one place they are validated.
 * Defaults and explanations are in the {@code interstice.lease} block of the journal plugin's
 * {@code reference.conf}. Immutable.
 *
 * @param dataDir the data directory; lease files live in {@code <dataDir>/leases/}
 * @param heartbeatTimeout how long after its last renewal (by the writer's wall clock) a lease
 *     stays held for everyone else ({@code heartbeat-timeout})
 * @param heartbeatInterval time between renewals ({@code heartbeat-interval})
 * @param operationTimeout how long an acquire, renewal or release may take, waiting for the lease's
 *     lock included ({@code lease-operation-timeout})
 * @param safetyMargin how much earlier than everyone else the holder stops trusting its lease
 *     ({@code safety-margin}): the clock skew between nodes that fencing tolerates
 */
public record FileLeaseSettings(
    Path dataDir,
    Duration heartbeatTimeout,
    Duration heartbeatInterval,
    Duration operationTimeout,
    Duration safetyMargin) {
  /** Path of the block that configures the file lease, and holds its defaults. */
  public static final String CONFIG_PATH = "interstice.lease";

  /**
   * Validates the timings together.
   *
   * @throws IllegalArgumentException naming the keys whose values do not fit
   */
  public FileLeaseSettings {
    Objects.requireNonNull(dataDir, "dataDir");
    for (var value : new Duration[] {heartbeatTimeout, heartbeatInterval, operationTimeout}) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(
            "heartbeat-timeout, heartbeat-interval and lease-operation-timeout must be positive");
      }
    }
    if (safetyMargin.isNegative() || safetyMargin.isZero()) {
      throw new IllegalArgumentException(
          "safety-margin must be positive, got " + safetyMargin.toMillis() + " ms");
    }
    // A renewal that starts on time and takes the longest allowed must land before the holder's
    // own view of the lease runs out, or a healthy holder would drop it between two renewals.
    var busiest = heartbeatInterval.plus(operationTimeout).plus(safetyMargin);
    if (busiest.compareTo(heartbeatTimeout) >= 0) {
      throw new IllegalArgumentException(
          "heartbeat-interval ("
              + heartbeatInterval.toMillis()
              + " ms) + lease-operation-timeout ("
              + operationTimeout.toMillis()
              + " ms) + safety-margin ("
              + safetyMargin.toMillis()
              + " ms) must be less than heartbeat-timeout ("
              + heartbeatTimeout.toMillis()
              + " ms)");
    }
  }

  /**
   * Reads the settings Pekko hands a lease ({@code settings.leaseConfig()} is the lease's block
   * over {@code pekko.coordination.lease}); {@code safety-margin} and {@code dir} fall back to the
   * {@code interstice.lease} block of {@code systemConfig}, and an empty {@code dir} to {@code
   * interstice.journal.dir}, where the journal lives.
   *
   * @throws JournalException naming the lease and the offending key
   */
  public static FileLeaseSettings from(LeaseSettings settings, Config systemConfig) {
    try {
      var block = settings.leaseConfig().withFallback(systemConfig.getConfig(CONFIG_PATH));
      var dir = block.getString("dir");
      var timeouts = settings.timeoutSettings();
      return new FileLeaseSettings(
          Path.of(dir.isBlank() ? systemConfig.getString("interstice.journal.dir") : dir),
          timeouts.getHeartbeatTimeout(),
          timeouts.getHeartbeatInterval(),
          timeouts.getOperationTimeout(),
          block.getDuration("safety-margin"));
    } catch (RuntimeException e) {
      throw new JournalException(
          "invalid configuration of lease " + settings.leaseName() + ": " + e.getMessage(), e);
    }
  }

  /** How long the holder trusts its lease after a renewal that started at some instant. */
  Duration trusted() {
    return heartbeatTimeout.minus(safetyMargin);
  }
}
