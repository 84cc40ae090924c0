package io.interstice.journal.serialization;

/**
 * Marker for messages and events serialized by {@link KryoSerializer}; bound to it once in {@code
 * reference.conf}. Every implementing class must also be registered, with a fixed id and a
 * hand-written serializer, by a {@link KryoRegistrar}.
 */
public interface KryoSerialized {}
