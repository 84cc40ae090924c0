package io.interstice.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine facts the suite records next to its results: the JVM's view ({@link Machine}: cores,
 * CPU model, OS, JVM, disk and file system of the data directory), the physical memory, and the
 * load averages over 1, 5 and 15 minutes, which tell whether other work shared the machine.
 *
 * @param machine what every benchmark records
 * @param memoryMiB physical memory of the machine
 * @param loadAverages the three load averages from /proc/loadavg, or "unknown"
 */
record SuiteMachine(Machine machine, long memoryMiB, String loadAverages) {

  static SuiteMachine describe(Path dataDir) throws IOException {
    var os = ManagementFactory.getOperatingSystemMXBean();
    long memory =
        os instanceof OperatingSystemMXBean
            ? ((OperatingSystemMXBean) os).getTotalMemorySize() / (1024 * 1024)
            : 0;
    return new SuiteMachine(Machine.describe(dataDir), memory, readLoadAverages());
  }

  ObjectNode json() {
    return machine.json().put("memoryMiB", memoryMiB).put("loadAverages", loadAverages);
  }

  String summary() {
    return String.format(
        Locale.ROOT,
        "%s; %,d MiB memory; load average %s",
        machine.summary(),
        memoryMiB,
        loadAverages);
  }

  void warnIfNotDurable() {
    machine.warnIfNotDurable("always");
  }

  private static String readLoadAverages() {
    try {
      var fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
