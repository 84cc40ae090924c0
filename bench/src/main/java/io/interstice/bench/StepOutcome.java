package io.interstice.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How one workload of the {@link Suite} went.
 *
 * @param step the workload
 * @param seconds how long its JVM ran
 * @param report the JSON report it wrote, or null when it failed
 * @param markdown its markdown table, or empty
 * @param error why it failed, or null when it ran
 */
record StepOutcome(SuiteStep step, double seconds, JsonNode report, String markdown, String error) {

  boolean ok() {
    return error == null;
  }
}
