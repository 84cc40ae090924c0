package io.interstice.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark step in a JVM of its own (a recovery after a restart, a bounded heap): started with
 * this JVM's class path, its result line read from its output and the rest echoed.
 */
final class ChildProbe {
  private ChildProbe() {}

  /**
   * Runs {@code main} in a new JVM with this one's class path and the given heap; returns the
   * fields of its line starting with {@code prefix} (null: none expected), echoing the rest.
   */
  static String[] run(String heap, Class<?> main, String prefix, String... args)
      throws IOException, InterruptedException {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var command =
        new ArrayList<>(
            List.of(
                java, "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    var process =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String result = null;
    try (var out =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (prefix != null && line.startsWith(prefix + " ")) {
          result = line;
        } else {
          System.out.println("    " + line);
        }
      }
    }
    if (!process.waitFor(30, TimeUnit.MINUTES)
        || process.exitValue() != 0
        || (prefix != null && result == null)) {
      throw new IllegalStateException(main.getSimpleName() + " failed; see the output above");
    }
    return result == null ? new String[0] : result.split(" ");
  }
}
