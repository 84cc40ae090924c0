package io.interstice.bench;

import io.interstice.runtime.table.Table;
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
 * key, owner string, balance i64), with and without a unique btree index on owner. Two references
 * run in the same JVM: the rows alone in an array (the floor: row arrays and their values) and the
 * same table as two {@code TreeMap}s, so the table's own overhead per row can be read off. Each
 * figure is the used heap after full collections with the structure reachable, minus the used heap
 * before it was built. Prints a table and one line of JSON. Run with {@code -Xmx4g}; option {@code
 * --rows=N}.
 */
public final class TableMemoryBench {
  private static final int DEFAULT_ROWS = 1_000_000;

  private static final TableSchema INDEXED = accounts(true);
  private static final TableSchema PLAIN = accounts(false);

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
    double floor = bytesPerRow(count, () -> rowsOnly(count));
    double plain = bytesPerRow(count, () -> table(PLAIN, count));
    double indexed = bytesPerRow(count, () -> table(INDEXED, count));
    double treeMaps = bytesPerRow(count, () -> treeMaps(count));

    System.out.printf(Locale.ROOT, "TableMemoryBench: %,d rows, retained heap%n", count);
    System.out.printf(
        Locale.ROOT, "  %-40s %8.1f bytes/row%n", "rows in a plain Object[][] (the floor)", floor);
    System.out.printf(
        Locale.ROOT,
        "  %-40s %8.1f bytes/row (%+.1f over the floor)%n",
        "Table, primary key only",
        plain,
        plain - floor);
    System.out.printf(
        Locale.ROOT,
        "  %-40s %8.1f bytes/row (%+.1f over the floor)%n",
        "Table + unique btree index on owner",
        indexed,
        indexed - floor);
    System.out.printf(
        Locale.ROOT,
        "  %-40s %8.1f bytes/row (%+.1f over the floor)%n",
        "two TreeMaps (pk + owner), for reference",
        treeMaps,
        treeMaps - floor);
    var json =
        ReportJson.object()
            .put("benchmark", "TableMemoryBench")
            .put("rows", count)
            .put(
                "jvm",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"))
            .put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    json.putObject("bytesPerRow")
        .put("rowsOnly", ReportJson.rounded(floor, 1))
        .put("tablePrimaryKeyOnly", ReportJson.rounded(plain, 1))
        .put("tableWithUniqueBtreeOwner", ReportJson.rounded(indexed, 1))
        .put("treeMapsPrimaryKeyAndOwner", ReportJson.rounded(treeMaps, 1));
    System.out.println(ReportJson.line(json));
  }

  private static TableSchema accounts(boolean ownerIndex) {
    var builder =
        TableSchema.builder("accounts")
            .column("id", Type.i64())
            .column("owner", Type.string())
            .column("balance", Type.i64())
            .primaryKey("id")
            .autoIncrement();
    if (ownerIndex) {
      builder.uniqueIndex("owner", IndexKind.BTREE, "owner");
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
