package io.interstice.runtime.module;

import com.typesafe.config.Config;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;
import org.slf4j.LoggerFactory;

/**
 * The executor of the module actors' dispatcher ({@code interstice.module.dispatcher}): threads
 * with a large stack, one per busy module actor up to a cap. Reducers run on module actors'
 * threads, and a WebAssembly guest's nested calls are nested JVM frames there; on the JVM's default
 * 1 MiB stack Chicory's interpreter runs out at a few hundred guest frames, below the call-depth
 * limit, and a guest could choose where the stack ends (inside a table write, which then cannot be
 * undone). With a stack sized well beyond {@code interstice.wasm.max-call-depth} frames, the depth
 * limit is what stops a recursing guest. Neither Pekko's fork-join nor its thread-pool executor can
 * set a stack size, hence this configurator.
 *
 * <p>Settings, under the dispatcher's {@code large-stack-executor}: {@code threads-max} and {@code
 * stack-size} (see {@code reference.conf}). Thread-safe, as an executor must be.
 */
public final class LargeStackExecutor extends ExecutorServiceConfigurator {
  private final int threads;
  private final long stackSize;

  public LargeStackExecutor(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
    var settings = config.getConfig("large-stack-executor");
    int cores = Runtime.getRuntime().availableProcessors();
    this.threads = Math.max(settings.getInt("threads-max"), cores);
    this.stackSize = settings.getBytes("stack-size");
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory ignored) {
    var counter = new AtomicInteger();
    ThreadFactory factory =
        task -> {
          var thread = new Thread(null, task, id + "-" + counter.incrementAndGet(), stackSize);
          thread.setDaemon(false);
          // The module actors catch what a reducer throws; anything that still kills a thread is
          // a fault of the host, which must not go unnoticed.
          thread.setUncaughtExceptionHandler(
              (dead, failure) ->
                  LoggerFactory.getLogger(LargeStackExecutor.class)
                      .error("thread {} of the module dispatcher died", dead.getName(), failure));
          return thread;
        };
    return () -> newPool(factory);
  }

  /**
   * A bulkhead per busy module: a module actor runs on one thread at a time, so with a thread for
   * every task up to {@code threads-max}, modules whose guests run long calls hold only their own
   * threads, and a module with work always finds one; the operating system shares the cores among
   * them. Idle threads end after a minute.
   */
  private ExecutorService newPool(ThreadFactory factory) {
    var pool =
        new ThreadPoolExecutor(
            threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
