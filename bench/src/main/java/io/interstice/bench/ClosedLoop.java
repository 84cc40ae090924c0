package io.interstice.bench;

import io.interstice.runtime.TxReceipt;
import java.time.Duration;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Closed-loop callers of one node: each sends its next call when the previous one was answered, so
 * at most one call per caller is in flight. What a call is comes from a {@link Workload}; a call
 * the workload calls refused is counted apart from committed ones, any other failure ends the run.
 *
 * <p>Thread-safety: each caller's fields are touched only by its own chain of completions, one at a
 * time; they are read by the driving thread after every caller reported to the {@link RunControl}.
 */
final class ClosedLoop {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);

  /** The calls the callers send. Called from many threads at once. */
  interface Workload {
    /** Sends one call, drawing whatever it needs from the caller's own {@code random}. */
    CompletionStage<TxReceipt> send(SplittableRandom random);

    /** True when {@code error} is an expected refusal, counted apart and not ending the run. */
    boolean refused(Throwable error);
  }

  /** What one run counted. */
  record Counted(
      long committed,
      long refused,
      double seconds,
      double cpuSeconds,
      Histogram latencies,
      RunControl control) {

    long answered() {
      return committed + refused;
    }

    double cpuMicrosPerAnswer() {
      return answered() == 0 ? 0 : cpuSeconds * 1e6 / answered();
    }
  }

  private final Workload workload;
  private final Executor callbacks;
  private final RunControl control;
  private final Caller[] callers;
  private final AtomicLong totalCommitted = new AtomicLong();

  /**
   * Latencies, one histogram per thread that runs completions. Not one per caller: a histogram of
   * three digits up to seconds is about 150 KB, and a thousand of them made every recording a cache
   * miss, a tenth of the process's CPU in the transfer benchmark.
   */
  private final Queue<Histogram> threadLatencies = new ConcurrentLinkedQueue<>();

  private final ThreadLocal<Histogram> latencies =
      ThreadLocal.withInitial(
          () -> {
            var histogram = new Histogram(3);
            threadLatencies.add(histogram);
            return histogram;
          });
  private final ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();

  private ClosedLoop(Workload workload, int callerCount, long seed, Executor callbacks) {
    this.workload = workload;
    this.callbacks = callbacks;
    this.control = new RunControl(callerCount);
    this.callers = new Caller[callerCount];
    var seeds = new SplittableRandom(seed);
    for (int i = 0; i < callerCount; i++) {
      callers[i] = new Caller(seeds.split());
    }
  }

  /**
   * Runs {@code callerCount} callers: {@code warmup} unmeasured, then {@code measure} measured,
   * then waits for every caller's last call. {@code callbacks} runs the callers' completions, or
   * null to run them on the node's thread that completed the call.
   */
  static Counted timed(
      Workload workload,
      int callerCount,
      long seed,
      Executor callbacks,
      Duration warmup,
      Duration measure)
      throws InterruptedException {
    var loop = new ClosedLoop(workload, callerCount, seed, callbacks);
    loop.start();
    loop.sleepUnlessFailed(warmup);
    loop.control.startMeasuring();
    loop.sleepUnlessFailed(measure);
    loop.control.stop();
    return loop.finish();
  }

  /** Runs {@code callerCount} callers, all counted, until at least {@code committed} committed. */
  static Counted untilCommitted(
      Workload workload, int callerCount, long seed, Executor callbacks, long committed)
      throws InterruptedException {
    var loop = new ClosedLoop(workload, callerCount, seed, callbacks);
    loop.control.startMeasuring();
    loop.start();
    while (loop.totalCommitted.get() < committed && loop.errors.isEmpty()) {
      TimeUnit.MILLISECONDS.sleep(5);
    }
    loop.control.stop();
    return loop.finish();
  }

  /** Threads for the callers' completions, or null to run them where the call completes. */
  static ExecutorService callbackThreads(int threads) {
    if (threads == 0) {
      return null;
    }
    var counter = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        task -> {
          var thread = new Thread(task, "bench-caller-" + counter.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  private void start() {
    for (var caller : callers) {
      caller.send();
    }
  }

  private void sleepUnlessFailed(Duration time) throws InterruptedException {
    long end = System.nanoTime() + time.toNanos();
    while (errors.isEmpty() && System.nanoTime() < end) {
      TimeUnit.MILLISECONDS.sleep(Math.min(50, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
    }
  }

  private Counted finish() throws InterruptedException {
    if (!control.awaitStopped(STOP_TIMEOUT)) {
      throw new IllegalStateException("callers did not stop within " + STOP_TIMEOUT);
    }
    if (!errors.isEmpty()) {
      var error = new IllegalStateException("calls failed", errors.peek());
      errors.stream().skip(1).limit(3).forEach(error::addSuppressed);
      throw error;
    }
    long committed = 0;
    long refused = 0;
    for (var caller : callers) {
      committed += caller.committed;
      refused += caller.refused;
    }
    // Every recording happened before its caller's last completion, which counted down the
    // control's latch that awaitStopped waited for.
    var merged = new Histogram(3);
    threadLatencies.forEach(merged::add);
    return new Counted(
        committed,
        refused,
        control.measuredSeconds(),
        control.measuredCpuSeconds(),
        merged,
        control);
  }

  /** One closed-loop caller. */
  private final class Caller {
    private final SplittableRandom random;
    private long committed;
    private long refused;

    Caller(SplittableRandom random) {
      this.random = random;
    }

    void send() {
      if (control.phase() == RunControl.Phase.STOP || !errors.isEmpty()) {
        control.stopped();
        return;
      }
      long start = System.nanoTime();
      CompletionStage<TxReceipt> reply = workload.send(random);
      if (callbacks == null) {
        reply.whenComplete((receipt, error) -> answered(start, error));
      } else {
        reply.whenCompleteAsync((receipt, error) -> answered(start, error), callbacks);
      }
    }

    private void answered(long start, Throwable error) {
      long nanos = System.nanoTime() - start;
      boolean measuring = control.phase() == RunControl.Phase.MEASURE;
      if (error == null) {
        totalCommitted.incrementAndGet();
        if (measuring) {
          committed++;
          latencies.get().recordValue(Math.max(0, nanos));
        }
      } else if (workload.refused(error)) {
        if (measuring) {
          refused++;
          latencies.get().recordValue(Math.max(0, nanos));
        }
      } else {
        errors.add(error);
      }
      send();
    }
  }
}
