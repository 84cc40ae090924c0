package io.interstice.runtime.module.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.runtime.module.state.ModuleEvent.ModuleDeployed;

/**
 * Kryo serializer of {@link ModuleDeployed} (Kryo id {@value
 * RuntimeKryoRegistrar#MODULE_DEPLOYED}):
 *
 * <table>
 *   <caption>ModuleDeployed, version 1</caption>
 *   <tr><th>field</th><th>encoding</th></tr>
 *   <tr><td>format version</td><td>u8 = 1</td></tr>
 *   <tr><td>code</td><td>u8 kind (1 = Java class), class name string</td></tr>
 *   <tr><td>schema</td><td>varint length + SchemaCodec bytes</td></tr>
 *   <tr><td>timestamp</td><td>long, microseconds since the epoch</td></tr>
 * </table>
 *
 * Stateless and thread-safe.
 */
public final class ModuleDeployedSerializer extends Serializer<ModuleDeployed> {
  public ModuleDeployedSerializer() {
    setImmutable(true);
  }

  @Override
  public void write(Kryo kryo, Output output, ModuleDeployed event) {
    EventFormat.writeInstallation(output, event.code(), event.schema(), event.timestampMicros());
  }

  @Override
  public ModuleDeployed read(Kryo kryo, Input input, Class<? extends ModuleDeployed> type) {
    var installation = EventFormat.readInstallation(input, "ModuleDeployed");
    return new ModuleDeployed(
        installation.code(), installation.schema(), installation.timestampMicros());
  }
}
