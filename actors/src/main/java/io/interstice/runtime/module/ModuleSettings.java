package io.interstice.runtime.module;

import com.typesafe.config.Config;
import io.interstice.runtime.wasm.WasmSettings;
import java.time.Clock;
import java.time.Duration;

/**
 * Settings of module actors, from {@code interstice.module} and {@code interstice.wasm} (documented
 * in {@code reference.conf}), plus the clock transactions take their timestamps from and the class
 * loader Java modules are loaded with.
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
    Clock clock,
    ClassLoader classLoader,
    WasmSettings wasm,
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

  public static ModuleSettings fromConfig(Config config, ClassLoader classLoader) {
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
        Clock.systemUTC(),
        classLoader,
        WasmSettings.fromConfig(config),
        ModuleLimits.fromConfig(config));
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
        newClock,
        classLoader,
        wasm,
        limits);
  }
}
