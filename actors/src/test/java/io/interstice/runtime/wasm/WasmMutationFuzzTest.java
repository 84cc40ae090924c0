package io.interstice.runtime.wasm;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import io.interstice.runtime.module.code.ModuleCode;
import io.interstice.runtime.module.code.ModuleLimits;
import io.interstice.runtime.module.code.ModuleLoadException;
import io.interstice.runtime.module.schedule.Schedules;
import io.interstice.runtime.module.tx.ReducerEnvironment;
import io.interstice.runtime.table.ModuleTables;
import io.interstice.runtime.table.Transaction;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.value.Values;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Mutates the committed guests byte by byte (flips, insertions, deletions, sections spliced from
 * another guest, counts and lengths replaced by huge LEB128 numbers) and loads each mutant through
 * the real loader, running a reducer of each that loads: nothing but a clean refusal or trap may
 * come out, every case finishes within a bound, and the heap stays bounded. The seed is printed;
 * rerun a failure with {@code -Dfuzz.seed=…}, and run longer with {@code -Dfuzz.cases=…}.
 */
class WasmMutationFuzzTest {
  private static final Duration CASE_BUDGET = Duration.ofSeconds(10);
  private static final long[] HUGE = {0xFFFF_FFFFL, 0x7FFF_FFFFL, 1L << 28, 100_000_000L, 65_536};

  private static final WasmSettings SETTINGS =
      WasmSettings.fromConfig(
          ConfigFactory.parseString(
                  "interstice.wasm { engine = interpreter, max-call-time = 100ms }")
              .withFallback(ConfigFactory.defaultReference()));

  private static List<byte[]> guests() throws IOException {
    var found = new ArrayList<byte[]>();
    var roots = List.of(Path.of("src", "test", "wasm"), Path.of("..", "modules"));
    for (var root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        for (var file : files.filter(f -> f.toString().endsWith(".wasm")).sorted().toList()) {
          if (!file.toString().contains("target")) {
            found.add(Files.readAllBytes(file));
          }
        }
      }
    }
    return found;
  }

  @Test
  void shouldRefuseOrTrapCleanlyOnEveryMutant() throws IOException {
    long seed = Long.getLong("fuzz.seed", new Random().nextLong());
    int cases = Integer.getInteger("fuzz.cases", 4000);
    System.out.println("WasmMutationFuzzTest: seed " + seed + ", " + cases + " cases");
    var guests = guests();
    assertTrue(guests.size() >= 5, "found the committed guests");
    var random = new Random(seed);
    var runtime = Runtime.getRuntime();
    int loaded = 0;
    long started = System.nanoTime();
    for (int n = 0; n < cases; n++) {
      var base = guests.get(random.nextInt(guests.size()));
      var mutations = new StringBuilder();
      var mutant = base;
      int times = random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1;
      for (int m = 0; m < times; m++) {
        mutant = mutate(mutant, guests.get(random.nextInt(guests.size())), random, mutations);
      }
      var where = "seed " + seed + ", case " + n + " (" + mutations + ")";
      var input = mutant;
      boolean ok =
          assertTimeoutPreemptively(
              CASE_BUDGET,
              () -> {
                try {
                  return runCase(input);
                } catch (Throwable e) {
                  return fail("not a clean refusal or trap at " + where + ": " + e, e);
                }
              },
              () -> where + " did not finish within " + CASE_BUDGET);
      if (ok) {
        loaded++;
      }
      if (n % 250 == 249) {
        System.gc();
        long used = runtime.totalMemory() - runtime.freeMemory();
        assertTrue(
            used < runtime.maxMemory() / 2, where + ": " + (used >> 20) + " MB in use after GC");
      }
    }
    System.out.printf(
        "WasmMutationFuzzTest: %d cases, %d loaded, in %d ms%n",
        cases, loaded, (System.nanoTime() - started) / 1_000_000);
  }

  /** Loads a mutant and runs its first reducer; true if it loaded. */
  private static boolean runCase(byte[] mutant) {
    WasmLoadedModule module;
    try {
      module =
          WasmModuleLoader.load(new ModuleCode.Wasm(mutant), SETTINGS, ModuleLimits.defaults());
    } catch (ModuleLoadException refused) {
      return false;
    }
    var schema = module.schema();
    for (var reducer : schema.reducers()) {
      var args =
          reducer.paramTypes().stream().map(type -> Values.zero(type)).toArray(Object[]::new);
      var environment =
          new ReducerEnvironment(
              schema.name(),
              reducer.name(),
              Transaction.begin(ModuleTables.create(schema)),
              1,
              Instant.EPOCH,
              1,
              "fuzz",
              new Schedules(),
              ModuleLimits.defaults());
      try {
        module.runReducer(reducer, args, environment);
      } catch (ReducerException | WasmHostException refusedOrTrapped) {
        // a clean outcome
      }
    }
    return true;
  }

  private static byte[] mutate(byte[] bytes, byte[] other, Random random, StringBuilder log) {
    if (bytes.length < 9) {
      return bytes;
    }
    int at = 8 + random.nextInt(bytes.length - 8);
    switch (random.nextInt(6)) {
      case 0 -> {
        log.append("flip@").append(at).append(' ');
        var copy = bytes.clone();
        copy[at] ^= (byte) (1 << random.nextInt(8));
        return copy;
      }
      case 1 -> {
        int length = 1 + random.nextInt(16);
        log.append("insert").append(length).append('@').append(at).append(' ');
        var inserted = new byte[length];
        random.nextBytes(inserted);
        return splice(bytes, at, at, inserted);
      }
      case 2 -> {
        int end = Math.min(bytes.length, at + 1 + random.nextInt(64));
        log.append("delete@").append(at).append("..").append(end).append(' ');
        return splice(bytes, at, end, new byte[0]);
      }
      case 3 -> {
        var sections = sections(other);
        if (sections.isEmpty()) {
          return bytes;
        }
        var section = sections.get(random.nextInt(sections.size()));
        var mine = sections(bytes);
        int into = mine.isEmpty() ? 8 : mine.get(random.nextInt(mine.size()))[0];
        log.append("splice-section@").append(into).append(' ');
        return splice(
            bytes, into, into, java.util.Arrays.copyOfRange(other, section[0], section[1]));
      }
      default -> {
        // A count or length: the first LEB128 of a section, or any byte.
        var mine = sections(bytes);
        int target =
            random.nextBoolean() && !mine.isEmpty() ? mine.get(random.nextInt(mine.size()))[2] : at;
        long huge = HUGE[random.nextInt(HUGE.length)];
        int end = target;
        while (end < bytes.length && (bytes[end] & 0x80) != 0 && end - target < 4) {
          end++;
        }
        end = Math.min(bytes.length, end + 1);
        log.append("leb").append(huge).append('@').append(target).append(' ');
        return splice(bytes, target, end, GuestBinary.leb(huge));
      }
    }
  }

  /** Each section's start, end and the offset of its contents. */
  private static List<int[]> sections(byte[] bytes) {
    var sections = new ArrayList<int[]>();
    int pos = 8;
    while (pos < bytes.length) {
      int start = pos++;
      long size = 0;
      int shift = 0;
      while (pos < bytes.length && shift < 35) {
        int b = bytes[pos++] & 0xFF;
        size |= (long) (b & 0x7F) << shift;
        shift += 7;
        if ((b & 0x80) == 0) {
          break;
        }
      }
      if (size > bytes.length - pos || pos >= bytes.length) {
        break;
      }
      sections.add(new int[] {start, pos + (int) size, pos});
      pos += (int) size;
    }
    return sections;
  }

  private static byte[] splice(byte[] bytes, int from, int to, byte[] replacement) {
    var out = new ByteArrayOutputStream();
    out.write(bytes, 0, from);
    out.writeBytes(replacement);
    out.write(bytes, to, bytes.length - to);
    return out.toByteArray();
  }
}
