package io.interstice.runtime.module.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleEvent.Batch;
import io.interstice.runtime.module.state.ModuleEvent.OutboxAcknowledged;
import io.interstice.runtime.module.state.ModuleEvent.TxCommitted;
import java.util.ArrayList;

/**
 * Kryo serializer of {@link Batch} (Kryo id {@value RuntimeKryoRegistrar#BATCH}): format version u8
 * = 1, event count varint, then each event as u8 kind (1 {@code TxCommitted}, 2 {@code
 * OutboxAcknowledged}) followed by that event's own encoding, exactly as its serializer writes it
 * alone (its version byte included). Stateless and thread-safe.
 */
public final class BatchSerializer extends Serializer<Batch> {
  static final int TX_COMMITTED = 1;
  static final int OUTBOX_ACKNOWLEDGED = 2;

  private final TxCommittedSerializer transactions = new TxCommittedSerializer();
  private final OutboxAcknowledgedSerializer acknowledgements = new OutboxAcknowledgedSerializer();

  public BatchSerializer() {
    setImmutable(true);
  }

  @Override
  public void write(Kryo kryo, Output output, Batch batch) {
    EventFormat.writeVersion(output);
    output.writeVarInt(batch.events().size(), true);
    for (var event : batch.events()) {
      if (event instanceof TxCommitted tx) {
        output.writeByte(TX_COMMITTED);
        transactions.write(kryo, output, tx);
      } else {
        output.writeByte(OUTBOX_ACKNOWLEDGED);
        acknowledgements.write(kryo, output, (OutboxAcknowledged) event);
      }
    }
  }

  @Override
  public Batch read(Kryo kryo, Input input, Class<? extends Batch> type) {
    EventFormat.readVersion(input, "Batch");
    int count = input.readVarInt(true);
    if (count < 2) {
      throw new IllegalStateException("a batch of " + count + " events");
    }
    // Damaged input cannot make the reader allocate much: the list grows as events are read.
    var events = new ArrayList<ModuleEvent>(Math.min(count, 1024));
    for (int i = 0; i < count; i++) {
      int kind = input.readByte() & 0xff;
      if (kind == TX_COMMITTED) {
        events.add(transactions.read(kryo, input, TxCommitted.class));
      } else if (kind == OUTBOX_ACKNOWLEDGED) {
        events.add(acknowledgements.read(kryo, input, OutboxAcknowledged.class));
      } else {
        throw new IllegalStateException("unknown kind " + kind + " of event " + i + " in a batch");
      }
    }
    return new Batch(events);
  }
}
