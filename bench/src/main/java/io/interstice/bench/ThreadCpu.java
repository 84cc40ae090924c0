package io.interstice.bench;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time per group of threads (names with their digits removed) between two snapshots: shows
 * which thread a configuration is bound by, e.g. the journal actor's or the log writer's. Printed
 * with {@code --threads=true}; a diagnostic, not part of the report.
 *
 * <p>Not thread-safe: used by the driving thread only.
 */
final class ThreadCpu {
  private final Map<Long, Long> startNanos = new HashMap<>();

  /** Takes the starting snapshot. */
  static ThreadCpu start() {
    var cpu = new ThreadCpu();
    var bean = ManagementFactory.getThreadMXBean();
    for (long id : bean.getAllThreadIds()) {
      cpu.startNanos.put(id, Math.max(0, bean.getThreadCpuTime(id)));
    }
    return cpu;
  }

  /** CPU microseconds of each thread group since {@link #start}, by group name. */
  Map<String, Double> microsSinceStart() {
    var bean = ManagementFactory.getThreadMXBean();
    var byGroup = new TreeMap<String, Double>();
    for (var info : bean.getThreadInfo(bean.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long now = bean.getThreadCpuTime(info.getThreadId());
      if (now < 0) {
        continue;
      }
      long used = now - startNanos.getOrDefault(info.getThreadId(), 0L);
      var group = info.getThreadName().replaceAll("[0-9]+", "N");
      byGroup.merge(group, used / 1e3, Double::sum);
    }
    return byGroup;
  }
}
