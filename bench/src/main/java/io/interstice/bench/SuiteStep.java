package io.interstice.bench;

import java.util.List;

/**
 * One workload of the {@link Suite}: a benchmark {@code main} run in a JVM of its own (a fresh heap
 * for memory figures, its own {@code -Xmx}, nothing left over from the workload before).
 *
 * @param name short name, also the folder of its raw output under the results directory
 * @param title what it measures, for the progress lines and the summary
 * @param mainClass the benchmark program
 * @param jvmOptions options of its JVM ({@code -Xmx...})
 * @param args its arguments; the suite adds {@code --out} and {@code --data-dir}
 * @param report the file name (without {@code .json}) the program writes its report to, or null
 *     when it prints its JSON as the last line of its output instead
 */
record SuiteStep(
    String name,
    String title,
    Class<?> mainClass,
    List<String> jvmOptions,
    List<String> args,
    String report) {

  SuiteStep {
    jvmOptions = List.copyOf(jvmOptions);
    args = List.copyOf(args);
  }

  /** Whether the program takes {@code --out=DIR} and {@code --data-dir=DIR}. */
  boolean writesFiles() {
    return report != null;
  }
}
