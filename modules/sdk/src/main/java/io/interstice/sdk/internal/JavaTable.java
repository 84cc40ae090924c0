package io.interstice.sdk.internal;

import io.interstice.sdk.schema.TableSchema;

/**
 * One table of a Java module: its schema and the mapper between its record type and rows.
 *
 * @param <T> the table's record type
 */
public record JavaTable<T extends Record>(TableSchema schema, RecordMapper<T> mapper) {}
