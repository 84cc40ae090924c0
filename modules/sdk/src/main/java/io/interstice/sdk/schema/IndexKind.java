package io.interstice.sdk.schema;

/**
 * How a secondary index is organised. {@code BTREE} is ordered by {@link
 * io.interstice.sdk.value.Values#compare} and answers equality and range lookups; {@code HASH}
 * answers equality lookups only.
 */
public enum IndexKind {
  BTREE,
  HASH
}
