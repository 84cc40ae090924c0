package io.interstice.sdk.schema;

import io.interstice.sdk.SdkException;

/**
 * Bytes handed to {@link SchemaCodec#decode} are not a module schema this build can read: wrong
 * magic, unknown version, or damaged content. Carries the byte offset where reading failed.
 */
public class SchemaEncodingException extends SdkException {
  private static final long serialVersionUID = 1L;

  private final int offset;

  public SchemaEncodingException(int offset, String reason) {
    super("cannot decode module schema at offset " + offset + ": " + reason);
    this.offset = offset;
  }

  public int offset() {
    return offset;
  }
}
