package io.interstice.journal.serialization;

/**
 * Registers classes with the Kryo serializer. Implementations are listed by class name in {@code
 * interstice.kryo.registrars} and need a public no-argument constructor; each module of the runtime
 * contributes one.
 */
@FunctionalInterface
public interface KryoRegistrar {
  void register(KryoRegistry registry);
}
