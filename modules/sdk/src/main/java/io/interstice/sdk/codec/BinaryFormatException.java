package io.interstice.sdk.codec;

import io.interstice.sdk.SdkException;
import io.interstice.sdk.value.ValuePath;

/**
 * Bytes that do not follow the binary encoding (cut short, an over-long or non-minimal varint, a
 * length past the end, malformed UTF-8), or a value that has no encoding (a string with an unpaired
 * surrogate). Carries the byte offset, relative to the start of the input or output, and the path
 * of the value inside what was being read ({@code tags[2]}).
 */
public class BinaryFormatException extends SdkException {
  private static final long serialVersionUID = 1L;

  private final int offset;
  private final String path;
  private final String reason;

  public BinaryFormatException(int offset, String path, String reason) {
    super("at offset " + offset + (path.isEmpty() ? "" : " in " + path) + ": " + reason);
    this.offset = offset;
    this.path = path;
    this.reason = reason;
  }

  public BinaryFormatException(int offset, String reason) {
    this(offset, "", reason);
  }

  /**
   * The same failure seen from one level up ({@code "tags"} and {@code "[2]"} → {@code tags[2]}).
   */
  public BinaryFormatException under(String parent) {
    String joined = ValuePath.join(parent, path);
    var moved = new BinaryFormatException(offset, joined, reason);
    moved.setStackTrace(getStackTrace());
    return moved;
  }

  public int offset() {
    return offset;
  }

  public String path() {
    return path;
  }

  /** What is wrong, without offset and path. */
  public String reason() {
    return reason;
  }
}
