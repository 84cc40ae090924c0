package io.interstice.bench;

import io.interstice.journal.serialization.KryoRegistrar;
import io.interstice.journal.serialization.KryoRegistry;

/** Registers the benchmark's event with the Kryo serializer (listed in the bench config). */
public final class BenchKryoRegistrar implements KryoRegistrar {
  @Override
  public void register(KryoRegistry registry) {
    registry.register(BenchEvent.class, BenchEvent.KRYO_ID, new BenchEvent.KryoCodec());
  }
}
