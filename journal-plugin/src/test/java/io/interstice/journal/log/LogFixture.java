package io.interstice.journal.log;

import io.interstice.journal.log.internal.LogSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Small helpers shared by the log-layer tests: events, frames, replay and byte surgery on files.
 */
public final class LogFixture {
  public static final String LOG_ID = "node-a";

  private LogFixture() {}

  public static LogEvent event(long seq, String text) {
    return new LogEvent(
        seq,
        1_700_000_000_000L + seq,
        "writer-1",
        "",
        42,
        "",
        text.getBytes(StandardCharsets.UTF_8));
  }

  /** One frame holding one event whose payload is {@code text}. */
  public static PendingFrame frame(String pid, long seq, String text) {
    return PendingFrame.of(pid, List.of(event(seq, text)));
  }

  /** The payload a test writes for event {@code seq} of {@code pid}, padded to a fixed width. */
  public static String text(String pid, long seq) {
    return String.format("%s-%04d-%s", pid, seq, "x".repeat(24));
  }

  /** Appends frames one submission at a time, waiting for each. */
  public static void appendAll(NodeLog log, List<PendingFrame> frames) {
    for (var frame : frames) {
      log.append(List.of(frame)).join();
    }
  }

  /** Appends events 1..count of each id, interleaved (a1, b1, a2, b2, ...). */
  public static void appendInterleaved(NodeLog log, int count, String... pids) {
    for (int seq = 1; seq <= count; seq++) {
      for (var pid : pids) {
        log.append(List.of(frame(pid, seq, text(pid, seq)))).join();
      }
    }
  }

  /** Every payload of the id, in replay order. */
  public static List<String> texts(LogSource log, String pid) {
    var out = new ArrayList<String>();
    log.replay(
        pid,
        1,
        Long.MAX_VALUE,
        frame -> {
          frame.events().forEach(e -> out.add(new String(e.payload(), StandardCharsets.UTF_8)));
          return true;
        });
    return out;
  }

  /** The payloads {@link #appendInterleaved} wrote for {@code pid} with sequence numbers [1, n]. */
  public static List<String> expectedTexts(String pid, int n) {
    var out = new ArrayList<String>();
    for (int seq = 1; seq <= n; seq++) {
      out.add(text(pid, seq));
    }
    return out;
  }

  /** Settings of most log-layer tests: nothing forced (fast), no background scrub. */
  public static LogSettings.Builder settings() {
    return LogSettings.builder().fsync(FsyncPolicy.NEVER).scrubInterval(Duration.ZERO);
  }

  public static NodeLog.Builder builder(Path dir) {
    return builder(dir, settings());
  }

  public static NodeLog.Builder builder(Path dir, LogSettings.Builder settings) {
    return NodeLog.builder(dir, LOG_ID).settings(settings.build());
  }

  /** The frames of a segment file as found by a scan. */
  public static List<Frame> framesOf(Path segment) {
    var frames = new ArrayList<Frame>();
    SegmentScanner.scan(segment, frames::add);
    return frames;
  }

  /** File offset of a frame inside the segment whose base position is {@code base}. */
  public static long offsetOf(Frame frame, long base) {
    return frame.position() - base;
  }

  /** Segment files of a log directory, in log order. */
  public static List<Path> segments(Path dir) {
    return list(dir, SegmentNames.SEGMENT_SUFFIX);
  }

  public static List<Path> sidecars(Path dir) {
    return list(dir, SegmentNames.SIDECAR_SUFFIX);
  }

  private static List<Path> list(Path dir, String suffix) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static long baseOf(Path segment) {
    return SegmentNames.segmentBase(segment.getFileName().toString()).orElseThrow();
  }

  public static void flipBit(Path file, long offset, int bit) {
    try (var channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      var b = ByteBuffer.allocate(1);
      channel.read(b, offset);
      b.put(0, (byte) (b.get(0) ^ (1 << bit)));
      b.rewind();
      channel.write(b, offset);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void writeAt(Path file, long offset, byte[] bytes) {
    try (var channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      var b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        channel.write(b, offset + b.position());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
