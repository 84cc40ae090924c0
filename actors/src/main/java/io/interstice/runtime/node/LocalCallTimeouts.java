package io.interstice.runtime.node;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * Bounds the wait for the answers of calls a node tells its own module actors: an answer still
 * missing after the ask timeout fails with a {@link TimeoutException}. The futures waiting are kept
 * by deadline and looked over a few times per timeout, instead of one timer each: a timer per call
 * cost a scheduled task and, when the answer came, its removal from the timer's locked queue, on
 * the module's thread. Only the calls in flight are kept, so the look-over is short. A call fails
 * up to a quarter of the timeout (at most a second) past it.
 *
 * <p>Thread-safety: a concurrent map; any thread.
 */
final class LocalCallTimeouts {
  private final Map<CompletableFuture<?>, Long> deadlines = new ConcurrentHashMap<>();
  private final long timeoutNanos;

  LocalCallTimeouts(ActorSystem<?> system, Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
    var every = timeout.dividedBy(4);
    if (every.compareTo(Duration.ofSeconds(1)) > 0) {
      every = Duration.ofSeconds(1);
    }
    system
        .scheduler()
        .scheduleWithFixedDelay(every, every, this::expire, system.executionContext());
  }

  /** Fails {@code answer} once the timeout passed, unless it completed before; returns it. */
  <T> CompletableFuture<T> bound(CompletableFuture<T> answer) {
    deadlines.put(answer, System.nanoTime() + timeoutNanos);
    answer.whenComplete((result, error) -> deadlines.remove(answer));
    return answer;
  }

  private void expire() {
    long now = System.nanoTime();
    deadlines.forEach(
        (answer, deadline) -> {
          if (now - deadline >= 0) {
            answer.completeExceptionally(new TimeoutException("no answer"));
          }
        });
  }
}
