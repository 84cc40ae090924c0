package io.interstice.sdk.value;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The value of a {@code bytes} column: an immutable byte string. Factories copy their input and
 * {@link #toArray()} returns a copy, so a {@code Bytes} never changes. Equality is by content; the
 * natural order is lexicographic over unsigned bytes (shorter prefix first), the same order as
 * {@link Values#compare}.
 */
public final class Bytes implements Comparable<Bytes> {
  private static final Bytes EMPTY = new Bytes(new byte[0]);
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final int MAX_SHOWN = 32;

  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A copy of {@code bytes}. */
  public static Bytes of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
  }

  /** A copy of {@code length} bytes of {@code source} starting at {@code offset}. */
  public static Bytes of(byte[] source, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, source.length);
    return length == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(source, offset, offset + length));
  }

  public static Bytes empty() {
    return EMPTY;
  }

  /** Decodes standard base64 (RFC 4648, with padding). */
  public static Bytes fromBase64(String base64) {
    return of(Base64.getDecoder().decode(base64));
  }

  public int length() {
    return bytes.length;
  }

  public byte get(int index) {
    return bytes[index];
  }

  /** A fresh copy of the content. */
  public byte[] toArray() {
    return bytes.clone();
  }

  /** Copies the content into {@code target} at {@code offset}. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, bytes.length);
  }

  /** Standard base64 (RFC 4648, with padding). */
  public String toBase64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public int compareTo(Bytes other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Bytes that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Hex, {@code 0x} prefixed; long values are cut after 32 bytes and their length given. */
  @Override
  public String toString() {
    int shown = Math.min(bytes.length, MAX_SHOWN);
    var text = new StringBuilder(4 + shown * 2).append("0x");
    for (int i = 0; i < shown; i++) {
      text.append(HEX[(bytes[i] >> 4) & 0xf]).append(HEX[bytes[i] & 0xf]);
    }
    if (shown < bytes.length) {
      text.append("… (").append(bytes.length).append(" bytes)");
    }
    return text.toString();
  }
}
