package io.interstice.bench;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.journal.serialization.KryoSerialized;

/**
 * The event persisted by the journal benchmark: an opaque payload (100 bytes by default), written
 * by a hand-written Kryo serializer as every persisted class is.
 *
 * @param payload the bytes to persist; shared, never modified
 */
public record BenchEvent(byte[] payload) implements KryoSerialized {

  /** Kryo id of {@link BenchEvent}, registered by {@link BenchKryoRegistrar}. */
  public static final int KRYO_ID = 950;

  /** Varint length, then the payload bytes. */
  public static final class KryoCodec extends Serializer<BenchEvent> {
    @Override
    public void write(Kryo kryo, Output output, BenchEvent event) {
      output.writeVarInt(event.payload().length, true);
      output.writeBytes(event.payload());
    }

    @Override
    public BenchEvent read(Kryo kryo, Input input, Class<? extends BenchEvent> type) {
      return new BenchEvent(input.readBytes(input.readVarInt(true)));
    }
  }
}
