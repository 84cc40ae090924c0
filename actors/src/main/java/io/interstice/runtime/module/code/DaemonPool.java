package io.interstice.runtime.module.code;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

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

  /**
   * Runs {@code work} on {@code pool} within {@code budget}. The stage completes with its result,
   * or exceptionally with what it threw (an {@link Error} too), with a {@link
   * RejectedExecutionException} when the pool's queue is full, or with a {@link TimeoutException}
   * once the budget is over — the work's thread is then interrupted and its result, if it still
   * comes, dropped.
   */
  public static <T> CompletableFuture<T> supply(
      ThreadPoolExecutor pool, Supplier<T> work, Duration budget) {
    var result = new CompletableFuture<T>();
    Future<?> task;
    try {
      task =
          pool.submit(
              () -> {
                try {
                  result.complete(work.get());
                } catch (Throwable e) {
                  result.completeExceptionally(e);
                }
              });
    } catch (RejectedExecutionException e) {
      result.completeExceptionally(e);
      return result;
    }
    CompletableFuture.delayedExecutor(budget.toMillis(), TimeUnit.MILLISECONDS)
        .execute(
            () -> {
              if (result.completeExceptionally(new TimeoutException())) {
                task.cancel(true);
              }
            });
    return result;
  }
}
