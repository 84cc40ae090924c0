package io.interstice.journal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import scala.concurrent.Future;
import scala.jdk.javaapi.FutureConverters;

/**
 * Hands Java futures to Pekko as Scala futures that fail with the plugin's own exception. Stages
 * built with {@code supplyAsync} or {@code thenApply} fail with a {@link CompletionException}
 * wrapping the real failure, and {@link FutureConverters#asScala} passes that wrapper on; Pekko
 * would then report {@code CompletionException} instead of, say, {@link CorruptLogException}.
 *
 * <p>Stateless and thread-safe.
 */
final class ScalaFutures {
  private ScalaFutures() {}

  /** {@code stage} as a Scala future whose failure is the unwrapped cause. */
  static <T> Future<T> asScala(CompletionStage<T> stage) {
    var unwrapped = new CompletableFuture<T>();
    stage.whenComplete(
        (value, error) -> {
          if (error == null) {
            unwrapped.complete(value);
          } else if (error instanceof CompletionException && error.getCause() != null) {
            unwrapped.completeExceptionally(error.getCause());
          } else {
            unwrapped.completeExceptionally(error);
          }
        });
    return FutureConverters.asScala(unwrapped);
  }
}
