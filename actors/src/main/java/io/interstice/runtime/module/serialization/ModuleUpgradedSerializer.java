package io.interstice.runtime.module.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.runtime.module.state.ModuleEvent.ModuleUpgraded;

/**
 * Kryo serializer of {@link ModuleUpgraded} (Kryo id {@value
 * RuntimeKryoRegistrar#MODULE_UPGRADED}): the same layout as {@link ModuleDeployedSerializer} —
 * format version u8 = 1, code, schema, timestamp. Stateless and thread-safe.
 */
public final class ModuleUpgradedSerializer extends Serializer<ModuleUpgraded> {
  public ModuleUpgradedSerializer() {
    setImmutable(true);
  }

  @Override
  public void write(Kryo kryo, Output output, ModuleUpgraded event) {
    EventFormat.writeInstallation(output, event.code(), event.schema(), event.timestampMicros());
  }

  @Override
  public ModuleUpgraded read(Kryo kryo, Input input, Class<? extends ModuleUpgraded> type) {
    var installation = EventFormat.readInstallation(input, "ModuleUpgraded");
    return new ModuleUpgraded(
        installation.code(), installation.schema(), installation.timestampMicros());
  }
}
