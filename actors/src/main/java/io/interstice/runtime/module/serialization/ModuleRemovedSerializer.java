package io.interstice.runtime.module.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.runtime.module.state.ModuleEvent.ModuleRemoved;

/**
 * Kryo serializer of {@link ModuleRemoved} (Kryo id {@value RuntimeKryoRegistrar#MODULE_REMOVED}):
 * format version u8 = 1, timestamp long (microseconds since the epoch). Stateless and thread-safe.
 */
public final class ModuleRemovedSerializer extends Serializer<ModuleRemoved> {
  public ModuleRemovedSerializer() {
    setImmutable(true);
  }

  @Override
  public void write(Kryo kryo, Output output, ModuleRemoved event) {
    EventFormat.writeVersion(output);
    output.writeLong(event.timestampMicros());
  }

  @Override
  public ModuleRemoved read(Kryo kryo, Input input, Class<? extends ModuleRemoved> type) {
    EventFormat.readVersion(input, "ModuleRemoved");
    return new ModuleRemoved(input.readLong());
  }
}
