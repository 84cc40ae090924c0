package io.interstice.journal.testkit;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.journal.serialization.KryoSerialized;

/**
 * Event used by the journal tests. A text of {@link #UNSERIALIZABLE} makes its serializer throw, to
 * exercise rejected writes.
 */
public record TestEvent(String text) implements KryoSerialized {
  public static final String UNSERIALIZABLE = "<cannot be serialized>";

  /** Hand-written Kryo serializer, as every persisted class has. */
  public static final class KryoCodec extends Serializer<TestEvent> {
    @Override
    public void write(Kryo kryo, Output output, TestEvent event) {
      if (UNSERIALIZABLE.equals(event.text())) {
        throw new IllegalStateException("this test event refuses to be serialized");
      }
      output.writeString(event.text());
    }

    @Override
    public TestEvent read(Kryo kryo, Input input, Class<? extends TestEvent> type) {
      return new TestEvent(input.readString());
    }
  }
}
