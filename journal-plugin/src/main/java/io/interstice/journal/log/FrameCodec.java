package io.interstice.journal.log;

import io.interstice.journal.log.internal.Crc;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes frames: one frame per {@code AtomicWrite}. Integers are big-endian; strings
 * are an unsigned 16-bit length then UTF-8 bytes.
 *
 * <pre>
 * frame
 * offset  width  field
 * 0       4      body length L, 1 ≤ L ≤ MAX_BODY_LENGTH
 * 4       4      CRC32C over the L body bytes
 * 8       L      body
 *
 * body
 * 0       1      frame type: 1 = events
 * 1       2+p    persistence id (string)
 * 3+p     4      event count n ≥ 1
 * ...            n events, each:
 *                  8  sequence number
 *                  8  timestamp (epoch millis)
 *                  4  serializer id
 *                  2+ serializer manifest (string)
 *                  2+ event adapter manifest (string)
 *                  2+ writer uuid (string)
 *                  4  payload length m, then m payload bytes
 * </pre>
 *
 * One checksum over the whole body makes an atomic write all-or-nothing by construction: a frame
 * either verifies whole or is not applied at all.
 */
public final class FrameCodec {
  public static final int OFFSET_LENGTH = 0;
  public static final int OFFSET_CRC = 4;
  public static final int HEADER_LENGTH = 8;
  public static final byte TYPE_EVENTS = 1;

  /** Largest accepted body; anything larger is a damaged length field. */
  public static final int MAX_BODY_LENGTH = 256 * 1024 * 1024;

  /** Smallest body that can be valid: type, empty id, count, one event with empty strings. */
  static final int MIN_BODY_LENGTH = 1 + 2 + 4 + 8 + 8 + 4 + 2 + 2 + 2 + 4;

  private FrameCodec() {}

  /** Encodes a whole frame, header and CRC included, ready to be appended. */
  public static ByteBuffer encode(String persistenceId, List<LogEvent> events) {
    if (events.isEmpty()) {
      throw new IllegalArgumentException("a frame needs at least one event");
    }
    var pid = utf8(persistenceId, "persistence id");
    int size = HEADER_LENGTH + 1 + 2 + pid.length + 4;
    var encoded = new ArrayList<byte[][]>(events.size());
    for (var e : events) {
      var strings =
          new byte[][] {
            utf8(e.serializerManifest(), "serializer manifest"),
            utf8(e.adapterManifest(), "event adapter manifest"),
            utf8(e.writerUuid(), "writer uuid")
          };
      encoded.add(strings);
      size += 8 + 8 + 4 + 6 + strings[0].length + strings[1].length + strings[2].length;
      size += 4 + e.payload().length;
    }
    if (size - HEADER_LENGTH > MAX_BODY_LENGTH) {
      throw new IllegalArgumentException(
          "atomic write of "
              + persistenceId
              + " encodes to "
              + (size - HEADER_LENGTH)
              + " bytes; the limit is "
              + MAX_BODY_LENGTH);
    }
    var buffer = ByteBuffer.allocate(size);
    buffer.position(HEADER_LENGTH);
    buffer.put(TYPE_EVENTS).putShort((short) pid.length).put(pid).putInt(events.size());
    for (int i = 0; i < events.size(); i++) {
      var e = events.get(i);
      var strings = encoded.get(i);
      buffer.putLong(e.sequenceNr()).putLong(e.timestamp()).putInt(e.serializerId());
      for (var s : strings) {
        buffer.putShort((short) s.length).put(s);
      }
      buffer.putInt(e.payload().length).put(e.payload());
    }
    int bodyLength = size - HEADER_LENGTH;
    buffer.putInt(OFFSET_LENGTH, bodyLength);
    buffer.putInt(OFFSET_CRC, Crc.of(buffer.array(), HEADER_LENGTH, bodyLength));
    return buffer.flip();
  }

  /** True when {@code length} can be the body length of a frame. */
  public static boolean plausibleLength(int length) {
    return length >= MIN_BODY_LENGTH && length <= MAX_BODY_LENGTH;
  }

  /** CRC32C of a body held in {@code buffer} at [from, from + length). */
  public static int crcOf(ByteBuffer buffer, int from, int length) {
    return Crc.of(buffer, from, length);
  }

  /**
   * Decodes a body whose CRC has been verified.
   *
   * @throws IllegalArgumentException when the body's structure is inconsistent
   */
  public static Frame decodeBody(long position, ByteBuffer body) {
    try {
      var b = body.slice();
      byte type = b.get();
      if (type != TYPE_EVENTS) {
        throw new IllegalArgumentException("unknown frame type " + type);
      }
      var pid = string(b);
      int count = b.getInt();
      if (count < 1 || count > b.remaining() / 30) {
        throw new IllegalArgumentException("impossible event count " + count);
      }
      var events = new ArrayList<LogEvent>(count);
      for (int i = 0; i < count; i++) {
        long seq = b.getLong();
        long ts = b.getLong();
        int serializer = b.getInt();
        var manifest = string(b);
        var adapter = string(b);
        var writer = string(b);
        int length = b.getInt();
        if (length < 0 || length > b.remaining()) {
          throw new IllegalArgumentException("impossible payload length " + length);
        }
        var payload = new byte[length];
        b.get(payload);
        events.add(new LogEvent(seq, ts, writer, adapter, serializer, manifest, payload));
      }
      if (b.hasRemaining()) {
        throw new IllegalArgumentException(b.remaining() + " unexpected bytes after the events");
      }
      return new Frame(position, pid, List.copyOf(events));
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("frame body ends inside a field", e);
    }
  }

  /**
   * Best-effort read of the persistence id of a body that failed its checksum, for error messages
   * only; null when even that is unreadable.
   */
  public static String peekPersistenceId(ByteBuffer body) {
    try {
      var b = body.slice();
      if (b.get() != TYPE_EVENTS) {
        return null;
      }
      int length = Short.toUnsignedInt(b.getShort());
      if (length > b.remaining()) {
        return null;
      }
      var bytes = new byte[length];
      b.get(bytes);
      var decoder = StandardCharsets.UTF_8.newDecoder();
      return decoder.decode(ByteBuffer.wrap(bytes)).toString();
    } catch (RuntimeException | java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }

  private static String string(ByteBuffer b) {
    int length = Short.toUnsignedInt(b.getShort());
    if (length > b.remaining()) {
      throw new IllegalArgumentException("impossible string length " + length);
    }
    var bytes = new byte[length];
    b.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String value, String what) {
    var bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 0xFFFF) {
      throw new IllegalArgumentException(what + " longer than 65535 bytes");
    }
    return bytes;
  }
}
