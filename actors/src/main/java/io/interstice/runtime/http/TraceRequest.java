package io.interstice.runtime.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeException;
import io.interstice.runtime.trace.ChromeTrace;
import io.interstice.runtime.trace.ReducerTrace;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /v1/trace?seconds=N}: records the node's reducer trace for N seconds and answers it
 * as Chrome trace-event JSON ({@link ChromeTrace}). Bounded: at most {@link #MAX_SECONDS} seconds,
 * at most {@link #MAX_CALLS} calls (later ones are counted in {@code otherData.dropped}), one
 * recording at a time. Stateless; the recording is {@link ReducerTrace}'s.
 */
final class TraceRequest {
  /** The longest recording: under the node's request timeout (65 s by default). */
  static final int MAX_SECONDS = 60;

  /** The most calls one recording keeps, which bounds its memory (~300 bytes a call). */
  static final int MAX_CALLS = 100_000;

  private static final int DEFAULT_SECONDS = 5;

  private TraceRequest() {}

  /** The {@code seconds} parameter, checked; the default when absent. */
  static int seconds(String text) {
    if (text == null) {
      return DEFAULT_SECONDS;
    }
    int seconds;
    try {
      seconds = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      seconds = -1;
    }
    if (seconds < 1 || seconds > MAX_SECONDS) {
      throw new IntersticeException(
          ErrorKind.BAD_ARGUMENTS,
          "seconds must be a whole number from 1 to " + MAX_SECONDS + ", got " + text);
    }
    return seconds;
  }

  /** Starts a recording, and ends and exports it after {@code seconds}. */
  static CompletionStage<JsonNode> record(int seconds) {
    var recording = ReducerTrace.start(MAX_CALLS);
    return CompletableFuture.supplyAsync(
        () -> {
          ReducerTrace.stop(recording);
          return ChromeTrace.export(recording);
        },
        CompletableFuture.delayedExecutor(seconds, TimeUnit.SECONDS));
  }
}
