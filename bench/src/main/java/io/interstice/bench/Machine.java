package io.interstice.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a benchmark ran on, recorded next to its results.
 *
 * @param cpus processors available to the JVM (what {@code nproc} prints)
 * @param cpuModel the CPU model from /proc/cpuinfo, or "unknown"
 * @param os operating system name, version and architecture
 * @param jvm runtime name and version
 * @param maxHeapMiB the JVM's maximum heap
 * @param disk the file store of the data directory (device and file system type)
 */
record Machine(int cpus, String cpuModel, String os, String jvm, long maxHeapMiB, String disk) {

  static Machine describe(Path dataDir) throws IOException {
    var store = Files.getFileStore(dataDir);
    return new Machine(
        Runtime.getRuntime().availableProcessors(),
        readCpuModel(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() / (1024 * 1024),
        store.name() + " (" + store.type() + ")");
  }

  /** This machine as the value of a {@code "machine"} member of a report's JSON. */
  ObjectNode json() {
    return ReportJson.object()
        .put("cpus", cpus)
        .put("cpuModel", cpuModel)
        .put("os", os)
        .put("jvm", jvm)
        .put("maxHeapMiB", maxHeapMiB)
        .put("disk", disk);
  }

  /** One line for a report's heading: processors, OS, JVM, heap and the data directory's disk. */
  String summary() {
    return String.format(
        Locale.ROOT,
        "%d cpu(s) %s, %s, %s, %,d MiB max heap, data on %s",
        cpus,
        cpuModel,
        os,
        jvm,
        maxHeapMiB,
        disk);
  }

  /** Warns on standard output when results written with {@code fsync} here are not durable. */
  void warnIfNotDurable(String fsync) {
    if (!fsync.equals("always")) {
      System.out.println("WARNING: binary log with fsync = " + fsync + ", not durable");
    }
    if (diskIsMemory()) {
      System.out.println("WARNING: the data directory is in memory; forces cost nothing there");
    }
  }

  boolean diskIsMemory() {
    return disk.contains("(tmpfs)") || disk.contains("(ramfs)");
  }

  private static String readCpuModel() {
    try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
