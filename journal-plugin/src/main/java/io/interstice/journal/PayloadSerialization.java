package io.interstice.journal;

import java.io.NotSerializableException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.Serialization$;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;

/**
 * Turns persisted payloads (events, snapshot states) into bytes and back under the actor system's
 * transport information, as Pekko's own journals do. A serializer of an {@code ActorRef} needs it:
 * Pekko's writes the system's address into the reference, Jackson's finds the system through it and
 * refuses to work without it ("currentTransportInformation is not set").
 *
 * <p>Thread-safe: the transport information is a per-thread variable, set for the duration of one
 * call only.
 */
final class PayloadSerialization {
  /** A serialized payload: which serializer wrote it, its manifest and its bytes. */
  record Serialized(int serializerId, String manifest, byte[] bytes) {}

  private final ExtendedActorSystem system;
  private final Serialization serialization;

  PayloadSerialization(ActorSystem system) {
    this.system = (ExtendedActorSystem) system;
    this.serialization = SerializationExtension.get(system);
  }

  /**
   * Serializes {@code payload} with the serializer bound to its class.
   *
   * @throws NotSerializableException when no serializer is bound (Pekko throws it undeclared)
   */
  Serialized serialize(Object payload) throws NotSerializableException {
    return Serialization$.MODULE$.withTransportInformation(
        system,
        () -> {
          var serializer = serialization.findSerializerFor(payload);
          return new Serialized(
              serializer.identifier(),
              Serializers.manifestFor(serializer, payload),
              serializer.toBinary(payload));
        });
  }

  /** Deserializes bytes written by serializer {@code serializerId} with {@code manifest}. */
  Object deserialize(byte[] bytes, int serializerId, String manifest) {
    return Serialization$.MODULE$.withTransportInformation(
        system, () -> serialization.deserialize(bytes, serializerId, manifest).get());
  }
}
