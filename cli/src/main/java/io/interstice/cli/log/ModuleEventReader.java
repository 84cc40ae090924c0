package io.interstice.cli.log;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.typesafe.config.ConfigFactory;
import io.interstice.journal.serialization.KryoRegistry;
import io.interstice.runtime.module.serialization.RuntimeKryoRegistrar;

/**
 * Reads the runtime's persisted objects — module events and module snapshots — from the bytes the
 * log and the snapshot store hold, with the runtime's own serializers: an event is the runtime's
 * when the Kryo serializer wrote it ({@code interstice.kryo.serializer-id}) under a manifest the
 * runtime registered.
 *
 * <p>Not thread-safe (one Kryo instance); used by one command run.
 */
final class ModuleEventReader {
  private final int kryoSerializerId;
  private final KryoRegistry registry = new KryoRegistry();
  private final Kryo kryo = new Kryo();

  private ModuleEventReader(int kryoSerializerId) {
    this.kryoSerializerId = kryoSerializerId;
    new RuntimeKryoRegistrar().register(registry);
  }

  /** With the Kryo serializer id of the configuration on the class path (its default, usually). */
  static ModuleEventReader fromConfig() {
    return new ModuleEventReader(ConfigFactory.load().getInt("interstice.kryo.serializer-id"));
  }

  /**
   * The object the bytes hold, or null when another serializer wrote them (a Pekko internal event).
   *
   * @throws RuntimeException when the runtime's serializer cannot read them
   */
  Object read(int serializerId, String manifest, byte[] payload) {
    if (serializerId != kryoSerializerId) {
      return null;
    }
    KryoRegistry.Registration<?> registration;
    try {
      registration = registry.byId(Integer.parseInt(manifest));
    } catch (NumberFormatException e) {
      registration = null;
    }
    return registration == null ? null : read(registration, payload);
  }

  private <T> T read(KryoRegistry.Registration<T> registration, byte[] payload) {
    return kryo.readObject(new Input(payload), registration.type(), registration.serializer());
  }
}
