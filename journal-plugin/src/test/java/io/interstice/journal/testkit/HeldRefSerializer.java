package io.interstice.journal.testkit;

import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.JSerializer;
import org.apache.pekko.serialization.Serialization;

/**
 * Serializes {@link HeldRef} the way pekko-serialization-jackson serializes a typed ActorRef: the
 * actor system comes from {@link Serialization#getCurrentTransportInformation()}, which throws
 * unless the caller set the transport information. That makes it a test of the caller.
 *
 * <p>Stateless and thread-safe.
 */
public final class HeldRefSerializer extends JSerializer {
  @Override
  public int identifier() {
    return 7_432_001;
  }

  @Override
  public boolean includeManifest() {
    return false;
  }

  @Override
  public byte[] toBinary(Object o) {
    var ref = ((HeldRef) o).ref();
    return resolver().toSerializationFormat(ref).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Object fromBinaryJava(byte[] bytes, Class<?> manifest) {
    return new HeldRef(resolver().resolveActorRef(new String(bytes, StandardCharsets.UTF_8)));
  }

  private static ActorRefResolver resolver() {
    var system = Serialization.getCurrentTransportInformation().system();
    return ActorRefResolver.get(Adapter.toTyped(system));
  }
}
