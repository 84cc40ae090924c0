package io.interstice.journal.log;

import io.interstice.journal.JournalException;
import io.interstice.journal.log.internal.SidecarCheck;
import io.interstice.journal.snapshot.SnapshotFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background scrub of a log: re-reads every sealed segment (each frame's checksum, and every frame
 * its sidecar lists) and every snapshot, so damage to data at rest is found while a good copy may
 * still exist elsewhere, not only when some id's replay happens to reach it. Runs once right after
 * the log opens and then every {@code interval}, on its own thread, reading files the writer never
 * touches again; after each file it pauses long enough to keep its average read rate under {@code
 * bytesPerSecond}.
 *
 * <p>Findings are logged at ERROR with file and offset, counted, and kept (the newest {@value
 * #KEPT_FINDINGS}) for whoever asks. A finding does not change what recovery does: the damaged
 * frame is met again, and handled by the recovery mode, when its owner is next replayed.
 *
 * <p>Thread-safety: the scrub thread is the only one that scrubs; findings, counters and {@link
 * #scrubNow} may be used from any thread ({@code scrubNow} serialises with the thread's passes).
 */
public final class LogScrubber implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LogScrubber.class);
  static final int KEPT_FINDINGS = 1000;

  private final NodeLog log;
  private final Path snapshots;
  private final Duration interval;
  private final long bytesPerSecond;
  private final List<LogDamage> findings = new CopyOnWriteArrayList<>();
  private final java.util.Set<String> known = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final AtomicLong damageFound = new AtomicLong();
  private final AtomicLong passes = new AtomicLong();
  private final AtomicLong bytesRead = new AtomicLong();
  private final Thread thread;

  private LogScrubber(NodeLog log, Path snapshots, Duration interval, long bytesPerSecond) {
    this.log = log;
    this.snapshots = snapshots;
    this.interval = interval;
    this.bytesPerSecond = bytesPerSecond;
    this.thread = new Thread(this::run, "interstice-log-scrub-" + log.logId());
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
  }

  /**
   * A scrubber of {@code log} and the snapshots under {@code snapshots} (may not exist), at the
   * settings' scrub rate; with a positive scrub interval its thread starts now, with zero it scrubs
   * only when asked.
   */
  public static LogScrubber start(NodeLog log, Path snapshots, LogSettings settings) {
    var interval = settings.scrubInterval();
    var scrubber = new LogScrubber(log, snapshots, interval, settings.scrubBytesPerSecond());
    if (!interval.isZero()) {
      scrubber.thread.start();
    }
    return scrubber;
  }

  private void run() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        scrub(true);
        TimeUnit.MILLISECONDS.sleep(interval.toMillis());
      }
    } catch (InterruptedException e) {
      // closed
    } catch (RuntimeException e) {
      LOG.error("log {}: scrub stopped", log.logId(), e);
    }
  }

  /** Runs one whole pass now, without pauses, and returns what it found. */
  public List<LogDamage> scrubNow() {
    try {
      return scrub(false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of();
    }
  }

  private synchronized List<LogDamage> scrub(boolean paced) throws InterruptedException {
    var found = new ArrayList<LogDamage>();
    for (var segment : log.sealedSegments()) {
      found.addAll(pace(paced, segment.size(), () -> SidecarCheck.checkSealed(segment)));
    }
    for (var file : snapshotFiles()) {
      found.addAll(pace(paced, sizeOf(file), () -> checkSnapshot(file)));
    }
    int again = 0;
    for (var d : found) {
      if (!known.add(d.file() + "@" + d.offset())) {
        again++;
        continue;
      }
      LOG.error("log {}: scrub found damage: {}", log.logId(), d);
      damageFound.incrementAndGet();
      if (findings.size() >= KEPT_FINDINGS) {
        findings.remove(0);
      }
      findings.add(d);
    }
    if (again > 0) {
      LOG.error(
          "log {}: scrub found {} damaged region(s) again that earlier passes reported",
          log.logId(),
          again);
    }
    passes.incrementAndGet();
    return found;
  }

  private interface Check {
    List<LogDamage> run();
  }

  private List<LogDamage> pace(boolean paced, long bytes, Check check) throws InterruptedException {
    long started = System.nanoTime();
    var found = check.run();
    bytesRead.addAndGet(bytes);
    if (paced) {
      long due = TimeUnit.SECONDS.toNanos(1) * bytes / bytesPerSecond;
      long left = due - (System.nanoTime() - started);
      if (left > 0) {
        TimeUnit.NANOSECONDS.sleep(left);
      }
    }
    return found;
  }

  private static List<LogDamage> checkSnapshot(Path file) {
    try {
      SnapshotFile.read(file);
      return List.of();
    } catch (JournalException e) {
      if (!Files.exists(file)) {
        return List.of(); // deleted since the pass began
      }
      var owner = file.getParent().getFileName().toString();
      return List.of(
          new LogDamage(
              file, 0, sizeOf(file), null, "snapshot of " + owner + ": " + e.getMessage()));
    }
  }

  private List<Path> snapshotFiles() {
    if (snapshots == null || !Files.isDirectory(snapshots)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(snapshots, 2)) {
      return files
          .filter(f -> SnapshotFile.sequenceNrOf(f.getFileName().toString()) >= 0)
          .sorted()
          .toList();
    } catch (IOException e) {
      LOG.warn("log {}: cannot list snapshots in {}: {}", log.logId(), snapshots, e.getMessage());
      return List.of();
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** Damage the scrub has found so far, newest last (at most {@value #KEPT_FINDINGS}). */
  public List<LogDamage> findings() {
    return List.copyOf(findings);
  }

  /** How many distinct damaged regions the scrub has found since the log opened (a metric). */
  public long damageFound() {
    return damageFound.get();
  }

  /** Completed scrub passes since the log opened. */
  public long passes() {
    return passes.get();
  }

  /** Bytes the scrub has read since the log opened. */
  public long bytesRead() {
    return bytesRead.get();
  }

  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
