package io.interstice.journal.log.internal;

import io.interstice.journal.JournalIoException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for the log's writer on the caller's thread. Stateless. */
public final class Futures {
  private Futures() {}

  /**
   * Waits for {@code future} and returns its value, or throws what it failed with: the writer's own
   * exception, not the {@link CompletionException} that wraps it.
   */
  public static <T> T await(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      var cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new JournalIoException("log writer failed: " + cause, cause);
    }
  }
}
