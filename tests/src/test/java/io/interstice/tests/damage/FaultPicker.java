package io.interstice.tests.damage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Chooses the fault of each case from the seed alone, so that a case can be re-run on its own. The
 * fault kind and the kind of file rotate with the case number, so every pair of them is exercised
 * evenly; the file of that kind, the offsets and lengths are random. A fault that would change no
 * byte (zeroing zeros, copying a block over an equal one) is re-drawn and counted.
 *
 * <p>Not thread-safe.
 */
final class FaultPicker {
  private static final int ATTEMPTS = 100;
  private static final long MIX = 0x9E3779B97F4A7C15L;

  private final long seed;
  private final Map<FileKind, List<Path>> filesByKind = new EnumMap<>(FileKind.class);
  private final Map<Path, byte[]> contents = new LinkedHashMap<>();
  private final List<FileKind> kinds;
  private int redrawn;

  /** Faults for the files of the pristine data directory {@code dataDir}. */
  FaultPicker(long seed, Path dataDir, List<Path> files) throws IOException {
    this.seed = seed;
    for (var e : FileKind.classify(files).entrySet()) {
      filesByKind.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
      contents.put(e.getKey(), Files.readAllBytes(dataDir.resolve(e.getKey().toString())));
    }
    this.kinds = List.copyOf(filesByKind.keySet());
  }

  /** The kinds of file the data directory holds, each of which faults rotate over. */
  List<FileKind> fileKinds() {
    return kinds;
  }

  /** Faults re-drawn so far because they would have changed nothing. */
  int redrawn() {
    return redrawn;
  }

  /** The fault of case {@code caseNo}; the same for the same seed, files and case number. */
  Fault pick(int caseNo) {
    // Each case gets a generator of its own, so that re-running one case draws the same fault.
    var random = new SplittableRandom(new SplittableRandom(seed + caseNo * MIX).nextLong());
    var kind = FaultKind.values()[caseNo % FaultKind.values().length];
    int first = (caseNo / FaultKind.values().length) % kinds.size();
    for (int k = 0; k < kinds.size(); k++) {
      var fileKind = kinds.get((first + k) % kinds.size());
      var candidates =
          filesByKind.get(fileKind).stream()
              .filter(f -> contents.get(f).length >= minimumSize(kind))
              .toList();
      for (int attempt = 0; attempt < ATTEMPTS && !candidates.isEmpty(); attempt++) {
        var file = candidates.get(random.nextInt(candidates.size()));
        var fault = draw(kind, file, fileKind, contents.get(file).length, random);
        if (changesSomething(fault)) {
          return fault;
        }
        redrawn++;
      }
    }
    throw new IllegalStateException("no file of the data directory can take a " + kind.label());
  }

  private static int minimumSize(FaultKind kind) {
    return switch (kind) {
      case DELETION -> 0;
      case DUPLICATED_BLOCK -> 2;
      default -> 1;
    };
  }

  private static Fault draw(
      FaultKind kind, Path file, FileKind fileKind, int size, SplittableRandom random) {
    return switch (kind) {
      case BIT_FLIP -> Fault.bitFlip(file, fileKind, random.nextInt(size), random.nextInt(8));
      case TRUNCATION -> Fault.truncation(file, fileKind, random.nextInt(size));
      case ZEROED_BLOCK -> {
        // Devices lose aligned blocks; half the draws are aligned, which also hits headers.
        int offset =
            random.nextBoolean()
                ? FaultKind.BLOCK * random.nextInt((size + FaultKind.BLOCK - 1) / FaultKind.BLOCK)
                : random.nextInt(size);
        yield Fault.zeroedBlock(file, fileKind, offset, Math.min(FaultKind.BLOCK, size - offset));
      }
      case DUPLICATED_BLOCK -> {
        int length = 1 + random.nextInt(Math.min(FaultKind.BLOCK, size - 1));
        int places = size - length + 1;
        int source = random.nextInt(places);
        int target = random.nextInt(places - 1);
        yield Fault.duplicatedBlock(
            file, fileKind, source, target >= source ? target + 1 : target, length);
      }
      case DELETION -> Fault.deletion(file, fileKind);
    };
  }

  private boolean changesSomething(Fault fault) {
    var bytes = contents.get(fault.file());
    int from = (int) fault.offset();
    int to = from + fault.length();
    return switch (fault.kind()) {
      case ZEROED_BLOCK ->
          !Arrays.equals(bytes, from, to, new byte[fault.length()], 0, fault.length());
      case DUPLICATED_BLOCK -> {
        int source = (int) fault.source();
        yield !Arrays.equals(bytes, from, to, bytes, source, source + fault.length());
      }
      default -> true;
    };
  }
}
