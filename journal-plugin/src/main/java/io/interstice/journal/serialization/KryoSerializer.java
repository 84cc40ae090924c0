package io.interstice.journal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import java.io.NotSerializableException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko serializer for every {@link KryoSerialized} message and event. Classes are registered
 * explicitly, with fixed ids and hand-written serializers, by the {@link KryoRegistrar}s listed in
 * {@code interstice.kryo.registrars}; the manifest is the registration id, so renaming a class does
 * not break stored data. Unregistered classes are refused, never written reflectively.
 *
 * <p>Thread-safety: safe for concurrent use; Kryo instances and buffers come from pools.
 */
public final class KryoSerializer extends SerializerWithStringManifest {
  private final int identifier;
  private final KryoRegistry registry = new KryoRegistry();
  private final Pool<Kryo> kryos;
  private final Pool<Output> outputs;

  public KryoSerializer(ExtendedActorSystem system) {
    var config = system.settings().config().getConfig("interstice.kryo");
    this.identifier = config.getInt("serializer-id");
    for (var name : config.getStringList("registrars")) {
      instantiate(system, name).register(registry);
    }
    int poolSize = config.getInt("pool-size");
    this.kryos =
        new Pool<>(true, false, poolSize) {
          @Override
          protected Kryo create() {
            var kryo = new Kryo();
            kryo.setRegistrationRequired(true);
            kryo.setReferences(false);
            registry.applyTo(kryo);
            return kryo;
          }
        };
    this.outputs =
        new Pool<>(true, false, poolSize) {
          @Override
          protected Output create() {
            return new Output(256, -1);
          }
        };
  }

  private static KryoRegistrar instantiate(ExtendedActorSystem system, String name) {
    try {
      var type = Class.forName(name, true, system.dynamicAccess().classLoader());
      return (KryoRegistrar) type.getDeclaredConstructor().newInstance();
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "cannot create Kryo registrar " + name + " listed in interstice.kryo.registrars: " + e,
          e);
    }
  }

  /** The registrations in force, for tools that document or check them. */
  public KryoRegistry registry() {
    return registry;
  }

  @Override
  public int identifier() {
    return identifier;
  }

  @Override
  public String manifest(Object o) {
    var registration = registry.byClass(o.getClass());
    return registration == null ? "" : Integer.toString(registration.id());
  }

  @Override
  @SuppressWarnings("unchecked")
  public byte[] toBinary(Object o) {
    var registration = (KryoRegistry.Registration<Object>) registry.byClass(o.getClass());
    if (registration == null) {
      throw new IllegalArgumentException(
          o.getClass().getName()
              + " is not registered with the Kryo serializer; register it with a fixed id in a"
              + " KryoRegistrar listed in interstice.kryo.registrars");
    }
    var kryo = kryos.obtain();
    var output = outputs.obtain();
    try {
      output.reset();
      kryo.writeObject(output, o, registration.serializer());
      return output.toBytes();
    } catch (KryoException e) {
      throw new IllegalArgumentException(
          "cannot serialize " + o.getClass().getName() + ": " + e.getMessage(), e);
    } finally {
      outputs.free(output);
      kryos.free(kryo);
    }
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    KryoRegistry.Registration<?> registration;
    try {
      registration = registry.byId(Integer.parseInt(manifest));
    } catch (NumberFormatException e) {
      registration = null;
    }
    if (registration == null) {
      throw new NotSerializableException(
          "no class is registered with the Kryo serializer under manifest '" + manifest + "'");
    }
    var kryo = kryos.obtain();
    try {
      return read(kryo, new Input(bytes), registration);
    } catch (KryoException e) {
      throw new NotSerializableException(
          "cannot read " + registration.type().getName() + ": " + e.getMessage());
    } finally {
      kryos.free(kryo);
    }
  }

  private static <T> T read(Kryo kryo, Input input, KryoRegistry.Registration<T> registration) {
    return kryo.readObject(input, registration.type(), registration.serializer());
  }
}
