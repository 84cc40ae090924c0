package io.interstice.runtime.module.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.runtime.module.state.ModuleEvent.OutboxAcknowledged;

/**
 * Kryo serializer of {@link OutboxAcknowledged} (Kryo id {@value
 * RuntimeKryoRegistrar#OUTBOX_ACKNOWLEDGED}): format version u8 = 1, target string, acknowledged
 * sequence number varlong. Stateless and thread-safe.
 */
public final class OutboxAcknowledgedSerializer extends Serializer<OutboxAcknowledged> {
  public OutboxAcknowledgedSerializer() {
    setImmutable(true);
  }

  @Override
  public void write(Kryo kryo, Output output, OutboxAcknowledged event) {
    EventFormat.writeVersion(output);
    output.writeString(event.target());
    output.writeVarLong(event.upTo(), true);
  }

  @Override
  public OutboxAcknowledged read(Kryo kryo, Input input, Class<? extends OutboxAcknowledged> type) {
    EventFormat.readVersion(input, "OutboxAcknowledged");
    return new OutboxAcknowledged(input.readString(), input.readVarLong(true));
  }
}
