package io.interstice.journal.testkit;

import io.interstice.journal.serialization.KryoRegistrar;
import io.interstice.journal.serialization.KryoRegistry;

/** Registers the test classes with the Kryo serializer. */
public final class TestKryoRegistrar implements KryoRegistrar {
  @Override
  public void register(KryoRegistry registry) {
    registry
        .register(TestEvent.class, 900, new TestEvent.KryoCodec())
        .register(TestState.class, 901, new TestState.KryoCodec());
  }
}
