package io.interstice.journal.testkit;

import io.interstice.journal.serialization.KryoSerialized;

/**
 * Bound to the Kryo serializer through {@link KryoSerialized} but registered by no registrar: the
 * serializer must refuse it.
 */
public record UnregisteredEvent(String text) implements KryoSerialized {}
