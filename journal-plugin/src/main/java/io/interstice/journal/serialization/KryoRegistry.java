package io.interstice.journal.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The registrations of the Kryo serializer: class, fixed id, serializer. Ids are part of the
 * on-disk format and must never be reused for another class; ids below {@link #FIRST_ID} are Kryo's
 * own.
 *
 * <p>Not thread-safe: filled once by the registrars while the serializer starts, read-only after.
 */
public final class KryoRegistry {
  /** Lowest id available to registrars. */
  public static final int FIRST_ID = 100;

  /** One registration. */
  public record Registration<T>(Class<T> type, int id, Serializer<T> serializer) {}

  private final Map<Integer, Registration<?>> byId = new LinkedHashMap<>();
  private final Map<Class<?>, Registration<?>> byClass = new LinkedHashMap<>();

  /**
   * Registers {@code type} under {@code id} with a hand-written {@code serializer}.
   *
   * @throws IllegalArgumentException when the id or the class is already registered, or the id is
   *     reserved
   */
  public <T> KryoRegistry register(Class<T> type, int id, Serializer<T> serializer) {
    if (id < FIRST_ID) {
      throw new IllegalArgumentException(
          "Kryo id " + id + " for " + type.getName() + " is reserved; use ids >= " + FIRST_ID);
    }
    var clash = byId.get(id);
    if (clash != null) {
      throw new IllegalArgumentException(
          "Kryo id " + id + " is used twice: " + clash.type().getName() + " and " + type.getName());
    }
    if (byClass.containsKey(type)) {
      throw new IllegalArgumentException(type.getName() + " is registered with Kryo twice");
    }
    var registration = new Registration<>(type, id, serializer);
    byId.put(id, registration);
    byClass.put(type, registration);
    return this;
  }

  public Registration<?> byId(int id) {
    return byId.get(id);
  }

  public Registration<?> byClass(Class<?> type) {
    return byClass.get(type);
  }

  Collection<Registration<?>> all() {
    return byId.values();
  }

  /** Applies every registration to a fresh Kryo instance. */
  void applyTo(Kryo kryo) {
    for (var r : byId.values()) {
      kryo.register(r.type(), r.serializer(), r.id());
    }
  }
}
