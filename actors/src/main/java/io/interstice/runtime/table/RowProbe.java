package io.interstice.runtime.table;

/**
 * Where a searched key lies relative to a stored row: negative if before it, zero if the row
 * matches, positive if after it. Lets {@link SortedRows} search by key without building a probe
 * row.
 */
@FunctionalInterface
interface RowProbe {
  int compareTo(Object[] row);
}
