package io.interstice.journal.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.interstice.journal.testkit.ClashingKryoRegistrar;
import io.interstice.journal.testkit.TestEvent;
import io.interstice.journal.testkit.TestKryoRegistrar;
import io.interstice.journal.testkit.TestState;
import io.interstice.journal.testkit.UnregisteredEvent;
import java.io.NotSerializableException;
import java.util.List;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kryo serializer and its registry: registered classes round-trip through Pekko serialization
 * under their fixed ids; unregistered classes, unknown manifests and unreadable bytes are refused
 * with messages that say what to do; registrations that would corrupt the format are refused.
 */
class KryoSerializerTest {
  private static ActorSystem system;
  private static Serialization serialization;
  private static KryoSerializer kryo;

  @BeforeAll
  static void startSystem() {
    system = systemWithRegistrars("kryo", TestKryoRegistrar.class.getName());
    serialization = SerializationExtension.get(system);
    kryo = (KryoSerializer) serialization.findSerializerFor(new TestEvent(""));
  }

  @AfterAll
  static void stopSystem() {
    TestKit.shutdownActorSystem(system);
  }

  private static ActorSystem systemWithRegistrars(String name, String... registrars) {
    var list = String.join("\", \"", registrars);
    return ActorSystem.create(
        name,
        ConfigFactory.load(
            ConfigFactory.parseString(
                "pekko.loglevel = WARNING\ninterstice.kryo.registrars = [\"" + list + "\"]")));
  }

  @Test
  void shouldRoundTripRegisteredClassesUnderTheirFixedIds() {
    var event = new TestEvent("héllo ✓");
    var state = new TestState(List.of("a", "", "ümlaut"));

    for (Object value : List.of(event, state)) {
      var serializer = serialization.findSerializerFor(value);
      var bytes = serialization.serialize(value).get();
      var manifest = Serializers.manifestFor(serializer, value);

      assertEquals(7431, serializer.identifier(), "the id in reference.conf, part of the format");
      assertEquals(
          value, serialization.deserialize(bytes, serializer.identifier(), manifest).get());
    }
    assertEquals("900", kryo.manifest(event));
    assertEquals("901", kryo.manifest(state));
  }

  @Test
  void shouldWriteTheSameBytesForTheSameValue() {
    var event = new TestEvent("stable");

    assertArrayEquals(kryo.toBinary(event), kryo.toBinary(event));
  }

  @Test
  void shouldRefuseAnUnregisteredClassWithAMessageThatSaysWhatToDo() {
    var unregistered = new UnregisteredEvent("x");

    var error = assertThrows(IllegalArgumentException.class, () -> kryo.toBinary(unregistered));

    assertTrue(error.getMessage().contains(UnregisteredEvent.class.getName()), error.getMessage());
    assertTrue(error.getMessage().contains("interstice.kryo.registrars"), error.getMessage());
    assertEquals("", kryo.manifest(unregistered));
  }

  @Test
  void shouldRefuseAnUnknownManifestOnRead() {
    var bytes = kryo.toBinary(new TestEvent("x"));

    var unknownId =
        assertThrows(NotSerializableException.class, () -> kryo.fromBinary(bytes, "999"));
    var notAnId =
        assertThrows(NotSerializableException.class, () -> kryo.fromBinary(bytes, "TestEvent"));

    assertTrue(unknownId.getMessage().contains("manifest '999'"), unknownId.getMessage());
    assertTrue(notAnId.getMessage().contains("manifest 'TestEvent'"), notAnId.getMessage());
  }

  @Test
  void shouldRefuseBytesThatCannotBeReadAsTheRegisteredClass() {
    var error =
        assertThrows(NotSerializableException.class, () -> kryo.fromBinary(new byte[0], "901"));

    assertTrue(
        error.getMessage().contains("cannot read " + TestState.class.getName()),
        error.getMessage());
  }

  @Test
  void shouldExposeTheRegistrationsInForce() {
    assertEquals(TestEvent.class, kryo.registry().byId(900).type());
    assertEquals(901, kryo.registry().byClass(TestState.class).id());
  }

  @Test
  void shouldRefuseAnIdRegisteredTwice() {
    var registry = new KryoRegistry().register(TestEvent.class, 500, new TestEvent.KryoCodec());

    var error =
        assertThrows(
            IllegalArgumentException.class,
            () -> registry.register(TestState.class, 500, new TestState.KryoCodec()));

    assertEquals(
        "Kryo id 500 is used twice: "
            + TestEvent.class.getName()
            + " and "
            + TestState.class.getName(),
        error.getMessage());
  }

  @Test
  void shouldRefuseAClassRegisteredTwice() {
    var registry = new KryoRegistry().register(TestEvent.class, 500, new TestEvent.KryoCodec());

    var error =
        assertThrows(
            IllegalArgumentException.class,
            () -> registry.register(TestEvent.class, 501, new TestEvent.KryoCodec()));

    assertEquals(TestEvent.class.getName() + " is registered with Kryo twice", error.getMessage());
  }

  @Test
  void shouldRefuseIdsReservedForKryoItself() {
    var registry = new KryoRegistry();

    var error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                registry.register(
                    TestEvent.class, KryoRegistry.FIRST_ID - 1, new TestEvent.KryoCodec()));

    assertTrue(error.getMessage().contains("Kryo id 99"), error.getMessage());
    assertTrue(error.getMessage().contains("is reserved; use ids >= 100"), error.getMessage());
    registry.register(TestEvent.class, KryoRegistry.FIRST_ID, new TestEvent.KryoCodec());
    assertEquals(TestEvent.class, registry.byId(KryoRegistry.FIRST_ID).type());
  }

  @Test
  void shouldRefuseToStartAnActorSystemWhoseRegistrarsClash() {
    var error =
        assertThrows(
            IllegalArgumentException.class,
            () -> systemWithRegistrars("kryo-clash", ClashingKryoRegistrar.class.getName()));

    assertTrue(error.getMessage().contains("Kryo id 900 is used twice"), error.getMessage());
  }

  @Test
  void shouldNameARegistrarThatCannotBeCreated() {
    var error =
        assertThrows(
            IllegalArgumentException.class,
            () -> systemWithRegistrars("kryo-missing", "com.example.NoSuchRegistrar"));

    assertTrue(
        error
            .getMessage()
            .startsWith(
                "cannot create Kryo registrar com.example.NoSuchRegistrar listed in"
                    + " interstice.kryo.registrars"),
        error.getMessage());
    assertInstanceOf(ClassNotFoundException.class, error.getCause());
  }
}
