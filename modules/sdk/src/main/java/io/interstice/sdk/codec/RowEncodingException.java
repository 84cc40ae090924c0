package io.interstice.sdk.codec;

import io.interstice.sdk.SdkException;

/**
 * A row or value list could not be encoded or decoded with {@link RowCodec}. Carries the byte
 * offset (into the input when decoding, the output when encoding) and where in the row it happened,
 * with the path inside the value ({@code column balance}, {@code column tags[2]}, {@code value
 * [1].amount}).
 */
public class RowEncodingException extends SdkException {
  private static final long serialVersionUID = 1L;

  private final int offset;
  private final String column;

  public RowEncodingException(String action, int offset, String column, String reason) {
    super(
        "cannot "
            + action
            + " at offset "
            + offset
            + (column.isEmpty() ? "" : ", " + column)
            + ": "
            + reason);
    this.offset = offset;
    this.column = column;
  }

  public int offset() {
    return offset;
  }

  /** Where in the row: {@code column balance}, {@code value [1].amount}; empty if the whole. */
  public String column() {
    return column;
  }
}
