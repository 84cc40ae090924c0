package io.interstice.cli.log;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interstice.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code interstice log stats}: what a log holds and what it costs: its size on disk, segments,
 * live and dead bytes, events and bytes per persistence id, the largest ones, and the age of every
 * snapshot of its data directory.
 */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = {
      "Show a log's size, live and dead bytes, largest ids and snapshot ages.",
      "Size, segments, live and dead bytes (frames whose events are all deleted, kept",
      "until their segment is removed or compacted), events, frames and bytes per",
      "persistence id with the largest first, and the snapshots of the data directory with",
      "their age. Damaged regions are counted and named; run `log verify` for the details.",
      "Exit code 0: printed (even for a damaged log); 3: the log cannot be read."
    })
public final class LogStatsCommand implements Callable<Integer> {
  @Mixin LogPathMixin log;
  @Spec CommandSpec spec;

  @Option(
      names = "--top",
      paramLabel = "N",
      defaultValue = "10",
      description = "How many of the largest persistence ids to list (default: ${DEFAULT-VALUE}).")
  int top;

  /** Clock for the snapshots' ages; replaced by tests. */
  Clock clock = Clock.systemUTC();

  /** What the frames of one persistence id hold. */
  private static final class IdTally {
    long frames;
    long events;
    long bytes;
    long deadBytes;
  }

  @Override
  public Integer call() {
    var reader = log.open();
    var segments = reader.segments();
    var deleted = reader.deletedFrames();
    var ids = new TreeMap<String, IdTally>();
    var scans =
        reader.forEachFrame(
            frame -> {
              var tally = ids.computeIfAbsent(frame.persistenceId(), id -> new IdTally());
              long bytes = frame.encodedLength();
              tally.frames++;
              tally.events += frame.events().size();
              tally.bytes += bytes;
              if (deleted.test(frame)) {
                tally.deadBytes += bytes;
              }
            });
    long segmentBytes = segments.stream().mapToLong(s -> s.size()).sum();
    long damagedBytes =
        scans.stream()
            .flatMap(s -> s.damage().stream())
            .mapToLong(d -> Math.max(0, d.end() - d.offset()))
            .sum();
    long dead = ids.values().stream().mapToLong(t -> t.deadBytes).sum();
    long live = ids.values().stream().mapToLong(t -> t.bytes).sum() - dead;
    var dataDir = log.dataDir();
    var snapshots = dataDir == null ? List.<SnapshotAges.Snapshot>of() : SnapshotAges.of(dataDir);
    var json =
        JsonNodeFactory.instance
            .objectNode()
            .put("log", reader.logId())
            .put("directory", reader.directory().toString())
            .put("bytesOnDisk", directorySize(reader.directory()))
            .put("segments", segments.size())
            .put("segmentBytes", segmentBytes)
            .put("liveBytes", live)
            .put("deadBytes", dead)
            .put("damagedBytes", damagedBytes)
            .put("damagedRegions", scans.stream().mapToLong(s -> s.damage().size()).sum())
            .put("frames", ids.values().stream().mapToLong(t -> t.frames).sum())
            .put("events", ids.values().stream().mapToLong(t -> t.events).sum());
    var idArray = json.putArray("ids");
    ids.entrySet().stream()
        .sorted(Comparator.comparingLong(e -> -e.getValue().bytes))
        .forEach(
            e ->
                idArray
                    .addObject()
                    .put("id", e.getKey())
                    .put("frames", e.getValue().frames)
                    .put("events", e.getValue().events)
                    .put("bytes", e.getValue().bytes)
                    .put("deadBytes", e.getValue().deadBytes));
    var now = clock.instant();
    var snapshotArray = json.putArray("snapshots");
    for (var s : snapshots) {
      var snapshot =
          snapshotArray
              .addObject()
              .put("id", s.persistenceId())
              .put("sequenceNr", s.sequenceNr())
              .put("bytes", s.bytes());
      if (s.problem() == null) {
        snapshot
            .put("time", Instant.ofEpochMilli(s.timestamp()).toString())
            .put(
                "ageSeconds",
                Duration.between(Instant.ofEpochMilli(s.timestamp()), now).toSeconds());
      } else {
        snapshot.put("problem", s.problem());
      }
    }
    var out = spec.commandLine().getOut();
    if (log.json) {
      out.println(json);
    } else {
      printText(out, json);
    }
    out.flush();
    return ExitCodes.OK;
  }

  private void printText(PrintWriter out, ObjectNode json) {
    out.printf("log %s in %s%n", json.get("log").asText(), json.get("directory").asText());
    out.printf(
        "%d bytes on disk, %d segment(s) of %d bytes%n",
        json.get("bytesOnDisk").asLong(),
        json.get("segments").asLong(),
        json.get("segmentBytes").asLong());
    out.printf(
        "live %d bytes, dead %d bytes (deleted events awaiting removal)%n",
        json.get("liveBytes").asLong(), json.get("deadBytes").asLong());
    if (json.get("damagedRegions").asLong() > 0) {
      out.printf(
          "DAMAGED: %d region(s), %d bytes unreadable (see `interstice log verify`)%n",
          json.get("damagedRegions").asLong(), json.get("damagedBytes").asLong());
    }
    out.printf(
        "%d frame(s), %d event(s)%n", json.get("frames").asLong(), json.get("events").asLong());
    out.printf(
        "%nlargest persistence ids:%n%-40s %10s %10s %12s %12s%n",
        "persistence id", "frames", "events", "bytes", "dead bytes");
    var ids = json.get("ids");
    for (int i = 0; i < Math.min(top, ids.size()); i++) {
      var id = ids.get(i);
      out.printf(
          "%-40s %10d %10d %12d %12d%n",
          id.get("id").asText(),
          id.get("frames").asLong(),
          id.get("events").asLong(),
          id.get("bytes").asLong(),
          id.get("deadBytes").asLong());
    }
    if (ids.size() > top) {
      out.printf("... and %d more (--top)%n", ids.size() - top);
    }
    out.printf("%nsnapshots:%n");
    if (json.get("snapshots").isEmpty()) {
      out.println("  none");
    }
    for (var s : json.get("snapshots")) {
      out.printf(
          "  %-38s seq %8d %10d bytes  %s%n",
          s.get("id").asText(),
          s.get("sequenceNr").asLong(),
          s.get("bytes").asLong(),
          s.has("problem")
              ? "DAMAGED: " + s.get("problem").asText()
              : s.get("time").asText() + ", " + age(s.get("ageSeconds").asLong()) + " old");
    }
  }

  private static String age(long seconds) {
    if (seconds < 120) {
      return seconds + " s";
    }
    if (seconds < 7200) {
      return seconds / 60 + " min";
    }
    if (seconds < 172800) {
      return seconds / 3600 + " h";
    }
    return seconds / 86400 + " days";
  }

  private static long directorySize(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
