package io.interstice.journal.testkit;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import io.interstice.journal.serialization.KryoSerialized;
import java.util.ArrayList;
import java.util.List;

/** Snapshot state of {@link RecordingEntity}: every text applied, in order. */
public record TestState(List<String> texts) implements KryoSerialized {
  public TestState {
    texts = List.copyOf(texts);
  }

  public static TestState empty() {
    return new TestState(List.of());
  }

  public TestState with(String text) {
    var next = new ArrayList<>(texts);
    next.add(text);
    return new TestState(next);
  }

  /** Hand-written Kryo serializer. */
  public static final class KryoCodec extends Serializer<TestState> {
    @Override
    public void write(Kryo kryo, Output output, TestState state) {
      output.writeVarInt(state.texts().size(), true);
      state.texts().forEach(output::writeString);
    }

    @Override
    public TestState read(Kryo kryo, Input input, Class<? extends TestState> type) {
      int n = input.readVarInt(true);
      var texts = new ArrayList<String>(n);
      for (int i = 0; i < n; i++) {
        texts.add(input.readString());
      }
      return new TestState(texts);
    }
  }
}
