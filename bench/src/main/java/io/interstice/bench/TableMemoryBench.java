package io.interstice.bench;

import io.interstice.runtime.table.Table;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.Values;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Retained heap per row of a one-million-row {@code accounts} table (id i64 auto-increment primary
 * key, owner string, balance i64), without an index, with a unique btree index and with a unique
 * hash index on owner. References run in the same JVM: the rows as boxed values in an array (row
 * arrays and their values, as callers hold them), the rows in their canonical encoding in an array
 * (the floor of the table, which stores rows encoded), and the same table as two {@code TreeMap}s
 * of boxed rows. Each figure is the used heap after full collections with the structure reachable,
 * minus the used heap before it was built. Prints a table, the target (at most {@value
 * #TARGET_BYTES_PER_ROW} bytes per row with a unique index) with PASS or FAIL, and one line of
 * JSON. Run with {@code -Xmx4g}; option {@code --rows=N}.
 */
public final class TableMemoryBench {
  private static final int DEFAULT_ROWS = 1_000_000;
  private static final double TARGET_BYTES_PER_ROW = 100;

  private static final TableSchema PLAIN = accounts(null);
  private static final TableSchema BTREE = accounts(IndexKind.BTREE);
  private static final TableSchema HASH = accounts(IndexKind.HASH);

  private TableMemoryBench() {}

  public static void main(String[] args) {
    int rows = DEFAULT_ROWS;
    for (var arg : args) {
      if (arg.startsWith("--rows=")) {
        rows = Integer.parseInt(arg.substring("--rows=".length()));
      } else {
        throw new IllegalArgumentException("unknown option " + arg + " (known: --rows=N)");
      }
    }
    int count = rows;
    double boxed = bytesPerRow(count, () -> rowsOnly(count));
    double encoded = bytesPerRow(count, () -> encodedRowsOnly(count));
    double plain = bytesPerRow(count, () -> table(PLAIN, count));
    double btree = bytesPerRow(count, () -> table(BTREE, count));
    double hash = bytesPerRow(count, () -> table(HASH, count));
    double treeMaps = bytesPerRow(count, () -> treeMaps(count));
    boolean pass = Math.max(btree, hash) <= TARGET_BYTES_PER_ROW;

    System.out.printf(Locale.ROOT, "TableMemoryBench: %,d rows, retained heap%n", count);
    line("rows as boxed Object[] in an array", boxed, encoded);
    line("rows encoded, byte[] in an array (floor)", encoded, encoded);
    line("Table, primary key only", plain, encoded);
    line("Table + unique btree index on owner", btree, encoded);
    line("Table + unique hash index on owner", hash, encoded);
    line("two TreeMaps of boxed rows (pk + owner)", treeMaps, encoded);
    System.out.printf(
        Locale.ROOT,
        "  target: at most %.0f bytes/row with a unique index: %s%n",
        TARGET_BYTES_PER_ROW,
        pass ? "PASS" : "FAIL");
    var json =
        ReportJson.object()
            .put("benchmark", "TableMemoryBench")
            .put("rows", count)
            .put(
                "jvm",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
            .put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    json.putObject("bytesPerRow")
        .put("boxedRowsOnly", ReportJson.rounded(boxed, 1))
        .put("encodedRowsOnly", ReportJson.rounded(encoded, 1))
        .put("tablePrimaryKeyOnly", ReportJson.rounded(plain, 1))
        .put("tableWithUniqueBtreeOwner", ReportJson.rounded(btree, 1))
        .put("tableWithUniqueHashOwner", ReportJson.rounded(hash, 1))
        .put("treeMapsPrimaryKeyAndOwner", ReportJson.rounded(treeMaps, 1));
    json.put("targetBytesPerRow", TARGET_BYTES_PER_ROW).put("targetMet", pass);
    System.out.println(ReportJson.line(json));
  }

  private static void line(String what, double bytesPerRow, double floor) {
    System.out.printf(
        Locale.ROOT,
        "  %-42s %8.1f bytes/row (%+.1f over the floor)%n",
        what,
        bytesPerRow,
        bytesPerRow - floor);
  }

  /** The accounts table; with a unique index on owner of {@code ownerIndex} kind unless null. */
  private static TableSchema accounts(IndexKind ownerIndex) {
    var builder =
        TableSchema.builder("accounts")
            .column("id", Type.i64())
            .column("owner", Type.string())
            .column("balance", Type.i64())
            .primaryKey("id")
            .autoIncrement();
    if (ownerIndex != null) {
      builder.uniqueIndex("owner", ownerIndex, "owner");
    }
    return builder.build();
  }

  /** A row as a reducer would insert it: a fresh owner string and balance per row. */
  private static Object[] newRow(int i) {
    return new Object[] {0L, "user-" + i, 1_000L + i % 10_000};
  }

  private static Object rowsOnly(int rows) {
    var all = new Object[rows][];
    for (int i = 0; i < rows; i++) {
      var row = newRow(i);
      row[0] = (long) i + 1;
      all[i] = row;
    }
    return all;
  }

  private static Object encodedRowsOnly(int rows) {
    var all = new byte[rows][];
    for (int i = 0; i < rows; i++) {
      var row = newRow(i);
      row[0] = (long) i + 1;
      all[i] = RowCodec.encodeRow(PLAIN, row);
    }
    return all;
  }

  private static Object table(TableSchema schema, int rows) {
    var table = Table.create(schema);
    for (int i = 0; i < rows; i++) {
      table.insert(newRow(i));
    }
    return table;
  }

  private static Object treeMaps(int rows) {
    var byId = new TreeMap<Object, Object[]>(Values.comparator(Type.i64()));
    var byOwner = new TreeMap<Object, Object[]>(Values.comparator(Type.string()));
    for (int i = 0; i < rows; i++) {
      var row = newRow(i);
      row[0] = (long) i + 1;
      byId.put(row[0], row);
      byOwner.put(row[1], row);
    }
    return new Object[] {byId, byOwner};
  }

  private static double bytesPerRow(int rows, Supplier<Object> build) {
    long before = usedHeapAfterGc();
    var built = build.get();
    long after = usedHeapAfterGc();
    Reference.reachabilityFence(built);
    return (after - before) / (double) rows;
  }

  private static long usedHeapAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while measuring", e);
      }
    }
    return memory.getHeapMemoryUsage().getUsed();
  }
}
