package io.interstice.runtime.table;

/**
 * Where a searched key lies relative to a stored row: negative if before it, zero if the row
 * matches, positive if after it. Rows are encoded (see {@link RowFormat}). Lets {@link SortedRows}
 * search by key without building a probe row.
 */
@FunctionalInterface
interface RowProbe {
  int compareTo(byte[] row);
}
