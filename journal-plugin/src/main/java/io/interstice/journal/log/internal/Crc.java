package io.interstice.journal.log.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C helpers shared by every file format of the log. Stateless and thread-safe. */
public final class Crc {
  private Crc() {}

  public static int of(byte[] bytes, int offset, int length) {
    var crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  /** CRC32C of {@code buffer}'s bytes in [from, from + length), without moving its position. */
  public static int of(ByteBuffer buffer, int from, int length) {
    var crc = new CRC32C();
    var view = buffer.duplicate();
    view.limit(from + length).position(from);
    crc.update(view);
    return (int) crc.getValue();
  }

  public static String hex(int crc) {
    return String.format("0x%08x", crc);
  }

  /** "{@code what} CRC stored …, computed …": how every checksum failure is reported. */
  public static String mismatch(String what, int stored, int computed) {
    return what + " CRC stored " + hex(stored) + ", computed " + hex(computed);
  }
}
