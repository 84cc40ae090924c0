package io.interstice.runtime.module;

import com.typesafe.config.Config;
import io.interstice.runtime.module.code.Micros;
import io.interstice.runtime.module.code.ModuleLimits;
import io.interstice.runtime.module.code.ModuleLoaders;
import io.interstice.runtime.module.state.IdempotencyWindow;
import java.time.Clock;
import java.time.Duration;

/**
 * Settings of module actors, from {@code interstice.module} (documented in {@code reference.conf}),
 * plus the clock transactions take their timestamps from and the loaders the node registered for
 * each kind of module code.
 */
public record ModuleSettings(
    int maxBatch,
    int snapshotEvery,
    int keepSnapshots,
    boolean deleteEventsOnSnapshot,
    int maxDeliveryDepth,
    Duration redeliverInterval,
    Duration maxRedeliverInterval,
    Duration describeTimeout,
    IdempotencyWindow.Bounds idempotency,
    Clock clock,
    ModuleLoaders loaders,
    ModuleLimits limits) {

  public ModuleSettings {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("interstice.module.max-batch must be >= 1: " + maxBatch);
    }
    if (maxDeliveryDepth < 1) {
      throw new IllegalArgumentException(
          "interstice.module.max-delivery-depth must be >= 1: " + maxDeliveryDepth);
    }
    if (snapshotEvery < 0 || keepSnapshots < 1) {
      throw new IllegalArgumentException(
          "interstice.module.snapshot-every must be >= 0 and keep-snapshots >= 1");
    }
    if (redeliverInterval.isNegative()
        || redeliverInterval.isZero()
        || maxRedeliverInterval.compareTo(redeliverInterval) < 0) {
      throw new IllegalArgumentException(
          "interstice.module.redeliver-interval must be positive and max-redeliver-interval at"
              + " least as long: "
              + redeliverInterval
              + ", "
              + maxRedeliverInterval);
    }
  }

  /** The settings in {@code config}, loading code through {@code loaders}. */
  public static ModuleSettings fromConfig(Config config, ModuleLoaders loaders) {
    var module = config.getConfig("interstice.module");
    return new ModuleSettings(
        module.getInt("max-batch"),
        module.getInt("snapshot-every"),
        module.getInt("keep-snapshots"),
        module.getBoolean("delete-events-on-snapshot"),
        module.getInt("max-delivery-depth"),
        module.getDuration("redeliver-interval"),
        module.getDuration("max-redeliver-interval"),
        config.getDuration("interstice.node.ask-timeout"),
        idempotency(module.getConfig("idempotency")),
        Clock.systemUTC(),
        loaders,
        ModuleLimits.fromConfig(config));
  }

  /**
   * {@code interstice.module.idempotency}: at least one key, kept for at least a millisecond (a
   * shorter age would forget a key before its caller could retry).
   */
  private static IdempotencyWindow.Bounds idempotency(Config idempotency) {
    int maxKeys = idempotency.getInt("max-keys");
    var maxAge = idempotency.getDuration("max-age");
    if (maxKeys < 1 || maxAge.compareTo(Duration.ofMillis(1)) < 0) {
      throw new IllegalArgumentException(
          "interstice.module.idempotency.max-keys must be >= 1 and max-age at least 1ms: "
              + maxKeys
              + ", "
              + maxAge);
    }
    return new IdempotencyWindow.Bounds(maxKeys, Micros.of(maxAge));
  }

  public ModuleSettings withClock(Clock newClock) {
    return new ModuleSettings(
        maxBatch,
        snapshotEvery,
        keepSnapshots,
        deleteEventsOnSnapshot,
        maxDeliveryDepth,
        redeliverInterval,
        maxRedeliverInterval,
        describeTimeout,
        idempotency,
        newClock,
        loaders,
        limits);
  }
}
