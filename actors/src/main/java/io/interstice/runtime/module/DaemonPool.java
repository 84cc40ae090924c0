package io.interstice.runtime.module;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small pool of daemon threads with a bounded queue, for work the runtime takes off a module's
 * thread (loading a deploy, compiling a module): a full queue refuses more instead of growing, and
 * idle threads end after 30 s. Thread-safe, as an executor is.
 */
public final class DaemonPool {
  private DaemonPool() {}

  /**
   * {@code threads} threads named {@code name-<n>} with {@code stackSize} bytes of stack (0 for the
   * JVM's default), and room for {@code queue} waiting tasks.
   */
  public static ThreadPoolExecutor create(String name, int threads, int queue, long stackSize) {
    var number = new AtomicInteger();
    var pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            30,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(queue),
            task -> {
              var thread = new Thread(null, task, name + "-" + number.incrementAndGet(), stackSize);
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
