package io.interstice.journal.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameCodecTest {

  private static Frame roundTrip(String pid, List<LogEvent> events) {
    var encoded = FrameCodec.encode(pid, events);
    int length = encoded.getInt(FrameCodec.OFFSET_LENGTH);
    assertEquals(encoded.remaining() - FrameCodec.HEADER_LENGTH, length);
    assertTrue(FrameCodec.plausibleLength(length));
    assertEquals(
        encoded.getInt(FrameCodec.OFFSET_CRC),
        FrameCodec.crcOf(encoded, FrameCodec.HEADER_LENGTH, length));
    var body = encoded.duplicate().position(FrameCodec.HEADER_LENGTH);
    return FrameCodec.decodeBody(4711, body);
  }

  private static void assertSameEvents(List<LogEvent> expected, List<LogEvent> actual) {
    assertEquals(expected.size(), actual.size());
    for (int i = 0; i < expected.size(); i++) {
      var e = expected.get(i);
      var a = actual.get(i);
      assertEquals(e.sequenceNr(), a.sequenceNr());
      assertEquals(e.timestamp(), a.timestamp());
      assertEquals(e.writerUuid(), a.writerUuid());
      assertEquals(e.adapterManifest(), a.adapterManifest());
      assertEquals(e.serializerId(), a.serializerId());
      assertEquals(e.serializerManifest(), a.serializerManifest());
      assertArrayEquals(e.payload(), a.payload());
    }
  }

  @Test
  void shouldRoundTripUnicodeIdsAndManifests() {
    var pid = "Bank|Konto-Ä€🙂/日本";
    var events =
        List.of(
            new LogEvent(7, 123L, "wrïter-✓", "adäpter🙂", -5, "manifest-日本", new byte[] {1, 2}),
            new LogEvent(8, Long.MAX_VALUE, "w", "", Integer.MAX_VALUE, "m", new byte[] {-1}));

    var frame = roundTrip(pid, events);

    assertEquals(pid, frame.persistenceId());
    assertEquals(4711, frame.position());
    assertEquals(7, frame.firstSequenceNr());
    assertEquals(8, frame.lastSequenceNr());
    assertSameEvents(events, frame.events());
  }

  @Test
  void shouldRoundTripEmptyPayloadsAndEmptyStrings() {
    var events =
        List.of(
            new LogEvent(1, 0, "", "", 0, "", new byte[0]),
            new LogEvent(2, 0, "", "", 0, "", new byte[0]));

    var frame = roundTrip("", events);

    assertEquals("", frame.persistenceId());
    assertSameEvents(events, frame.events());
  }

  @Test
  void shouldEncodeTheSmallestFrameAtTheMinimumBodyLength() {
    var encoded = FrameCodec.encode("", List.of(new LogEvent(1, 0, "", "", 0, "", new byte[0])));

    assertEquals(FrameCodec.MIN_BODY_LENGTH, encoded.getInt(FrameCodec.OFFSET_LENGTH));
  }

  @Test
  void shouldRoundTripManyEventsInOneFrame() {
    var events = new ArrayList<LogEvent>();
    for (int i = 1; i <= 1000; i++) {
      events.add(LogFixture.event(i, "event " + i));
    }

    assertSameEvents(events, roundTrip("many", events).events());
  }

  @Test
  void shouldRejectAFrameWithoutEvents() {
    assertThrows(IllegalArgumentException.class, () -> FrameCodec.encode("p", List.of()));
  }

  @Test
  void shouldRejectAnOversizeAtomicWriteNamingIdAndLimit() {
    // 1025 references to one 256 KiB array: the body exceeds 256 MiB without allocating it.
    var payload = new byte[256 * 1024];
    var event = new LogEvent(1, 0, "", "", 0, "", payload);
    var events = Collections.nCopies(1025, event);

    var e = assertThrows(IllegalArgumentException.class, () -> FrameCodec.encode("huge", events));

    assertTrue(e.getMessage().contains("huge"), e.getMessage());
    assertTrue(e.getMessage().contains(String.valueOf(FrameCodec.MAX_BODY_LENGTH)), e.getMessage());
  }

  @Test
  void shouldRejectStringsLongerThanTheirLengthField() {
    var longId = "x".repeat(0x10000);

    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FrameCodec.encode(longId, List.of(LogFixture.event(1, "a"))));

    assertTrue(e.getMessage().contains("persistence id"), e.getMessage());
  }

  @Test
  void shouldRejectLengthsOutsideThePlausibleRange() {
    assertFalse(FrameCodec.plausibleLength(0));
    assertFalse(FrameCodec.plausibleLength(FrameCodec.MIN_BODY_LENGTH - 1));
    assertFalse(FrameCodec.plausibleLength(FrameCodec.MAX_BODY_LENGTH + 1));
    assertFalse(FrameCodec.plausibleLength(-1));
    assertTrue(FrameCodec.plausibleLength(FrameCodec.MAX_BODY_LENGTH));
  }

  @Test
  void shouldRejectABodyWithTrailingBytes() {
    var encoded = FrameCodec.encode("p", List.of(LogFixture.event(1, "a")));
    var body = ByteBuffer.allocate(encoded.remaining() - FrameCodec.HEADER_LENGTH + 3);
    body.put(encoded.duplicate().position(FrameCodec.HEADER_LENGTH)).put(new byte[3]).flip();

    var e = assertThrows(IllegalArgumentException.class, () -> FrameCodec.decodeBody(0, body));

    assertTrue(e.getMessage().contains("3 unexpected bytes"), e.getMessage());
  }

  @Test
  void shouldRejectABodyCutInsideAField() {
    var encoded = FrameCodec.encode("p", List.of(LogFixture.event(1, "abcdef")));
    int bodyLength = encoded.remaining() - FrameCodec.HEADER_LENGTH;
    for (int cut = 0; cut < bodyLength; cut++) {
      var body = encoded.duplicate().position(FrameCodec.HEADER_LENGTH);
      body.limit(FrameCodec.HEADER_LENGTH + cut);
      int at = cut;
      assertThrows(
          IllegalArgumentException.class,
          () -> FrameCodec.decodeBody(0, body),
          () -> "body cut at " + at + " decoded");
    }
  }

  @Test
  void shouldRejectAnUnknownFrameType() {
    var encoded = FrameCodec.encode("p", List.of(LogFixture.event(1, "a")));
    encoded.put(FrameCodec.HEADER_LENGTH, (byte) 9);
    var body = encoded.duplicate().position(FrameCodec.HEADER_LENGTH);

    var e = assertThrows(IllegalArgumentException.class, () -> FrameCodec.decodeBody(0, body));

    assertTrue(e.getMessage().contains("unknown frame type 9"), e.getMessage());
  }

  @Test
  void shouldPeekTheIdOfABodyAndGiveUpOnGarbage() {
    var encoded = FrameCodec.encode("peek-me", List.of(LogFixture.event(1, "a")));
    var body = encoded.duplicate().position(FrameCodec.HEADER_LENGTH);
    assertEquals("peek-me", FrameCodec.peekPersistenceId(body));

    encoded.put(FrameCodec.HEADER_LENGTH + 1, (byte) 0x7F);
    assertNull(
        FrameCodec.peekPersistenceId(encoded.duplicate().position(FrameCodec.HEADER_LENGTH)));

    var invalidUtf8 = ByteBuffer.wrap(new byte[] {FrameCodec.TYPE_EVENTS, 0, 1, (byte) 0xC3});
    assertNull(FrameCodec.peekPersistenceId(invalidUtf8));
  }

  @Test
  void shouldKnowTheEncodedLengthOfADecodedFrame() {
    var events =
        List.of(
            new LogEvent(1, 10, "writer-é", "adapter", 7431, "201", new byte[] {1, 2, 3}),
            new LogEvent(2, 11, "w", "", 4, "manifest-ü", new byte[300]));
    var encoded = FrameCodec.encode("module|bänk", events);
    var frame = new Frame(0, "module|bänk", events);
    assertEquals(encoded.remaining(), frame.encodedLength());
  }
}
