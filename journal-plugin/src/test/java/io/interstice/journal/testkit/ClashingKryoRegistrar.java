package io.interstice.journal.testkit;

import io.interstice.journal.serialization.KryoRegistrar;
import io.interstice.journal.serialization.KryoRegistry;

/** A broken registrar: gives {@link TestState} the id {@link TestKryoRegistrar} gave TestEvent. */
public final class ClashingKryoRegistrar implements KryoRegistrar {
  @Override
  public void register(KryoRegistry registry) {
    registry
        .register(TestEvent.class, 900, new TestEvent.KryoCodec())
        .register(TestState.class, 900, new TestState.KryoCodec());
  }
}
