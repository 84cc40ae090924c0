package io.interstice.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The phases of one benchmark configuration, shared by the driving thread and its persistent
 * actors: warm-up (acks not counted), measurement (acks counted, latencies recorded), stop (actors
 * finish the write in flight, hand over their histogram and persist no more).
 *
 * <p>Thread-safety: the phase is volatile and only the driving thread changes it; histograms are
 * handed over through a concurrent queue and read after {@link #awaitStopped} returned.
 */
final class RunControl {
  /** Where a run is. */
  enum Phase {
    WARMUP,
    MEASURE,
    STOP
  }

  private final CountDownLatch stopped;
  private final Queue<Histogram> histograms = new ConcurrentLinkedQueue<>();
  private volatile Phase phase = Phase.WARMUP;
  private long measureStart;
  private long measureEnd;
  private long measureStartEpochMicros;
  private long measureEndEpochMicros;
  private long cpuStart;
  private long cpuEnd;
  private ThreadCpu threadCpu;
  private Map<String, Double> threadMicros = Map.of();

  RunControl(int actors) {
    this.stopped = new CountDownLatch(actors);
  }

  Phase phase() {
    return phase;
  }

  void startMeasuring() {
    threadCpu = ThreadCpu.start();
    cpuStart = processCpuNanos();
    measureStart = System.nanoTime();
    measureStartEpochMicros = epochMicros();
    phase = Phase.MEASURE;
  }

  void stop() {
    phase = Phase.STOP;
    measureEnd = System.nanoTime();
    measureEndEpochMicros = epochMicros();
    cpuEnd = processCpuNanos();
    threadMicros = threadCpu.microsSinceStart();
  }

  /** Called once by each actor when it has stopped persisting. */
  void stopped(Histogram histogram) {
    histograms.add(histogram);
    stopped.countDown();
  }

  /** Called once by each caller that keeps its latencies elsewhere when it has stopped. */
  void stopped() {
    stopped.countDown();
  }

  /** CPU microseconds of each thread group during the measurement; call after {@link #stop}. */
  Map<String, Double> threadMicros() {
    return threadMicros;
  }

  /** Waits for every actor to stop; false when some did not within {@code timeout}. */
  boolean awaitStopped(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  double measuredSeconds() {
    return (measureEnd - measureStart) / 1e9;
  }

  /**
   * Start of the measurement in microseconds since the epoch, from the system clock: the clock a
   * node gives transactions their timestamps from, so it places committed rows in the window.
   */
  long measureStartEpochMicros() {
    return measureStartEpochMicros;
  }

  /**
   * End of the measurement in microseconds since the epoch; see {@link #measureStartEpochMicros}.
   */
  long measureEndEpochMicros() {
    return measureEndEpochMicros;
  }

  static long epochMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Clock.systemUTC().instant());
  }

  /** CPU time of the whole process (every thread, GC included) during the measurement. */
  double measuredCpuSeconds() {
    return (cpuEnd - cpuStart) / 1e9;
  }

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    return os instanceof OperatingSystemMXBean
        ? ((OperatingSystemMXBean) os).getProcessCpuTime()
        : 0;
  }

  /** Every actor's histogram merged; call after {@link #awaitStopped}. */
  Histogram merged() {
    var all = new Histogram(3);
    histograms.forEach(all::add);
    return all;
  }
}
