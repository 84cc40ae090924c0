package io.interstice.runtime.module.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.runtime.module.state.ModuleEvent.SubscriptionsChanged;

/**
 * Kryo serializer of {@link SubscriptionsChanged} (Kryo id {@value
 * RuntimeKryoRegistrar#SUBSCRIPTIONS_CHANGED}): format version u8 = 1, subscriber string, then the
 * subscriptions (count varint; each: module, table, u8 event 0 insert / 1 update / 2 delete,
 * reducer). Stateless and thread-safe.
 */
public final class SubscriptionsChangedSerializer extends Serializer<SubscriptionsChanged> {
  public SubscriptionsChangedSerializer() {
    setImmutable(true);
  }

  @Override
  public void write(Kryo kryo, Output output, SubscriptionsChanged event) {
    EventFormat.writeVersion(output);
    output.writeString(event.subscriber());
    EventFormat.writeSubscriptions(output, event.subscriptions());
  }

  @Override
  public SubscriptionsChanged read(
      Kryo kryo, Input input, Class<? extends SubscriptionsChanged> type) {
    EventFormat.readVersion(input, "SubscriptionsChanged");
    var subscriber = input.readString();
    return new SubscriptionsChanged(subscriber, EventFormat.readSubscriptions(input));
  }
}
