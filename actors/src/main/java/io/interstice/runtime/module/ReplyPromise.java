package io.interstice.runtime.module;

import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.pattern.PromiseRef;
import org.apache.pekko.util.Timeout;
import scala.jdk.javaapi.FutureConverters;

/**
 * A reply-to address for one answer, and the future it completes: Pekko's {@link PromiseRef}, a
 * temporary actor reference that takes the first message sent to it and fails the future with an
 * {@code AskTimeoutException} when none came within the timeout. For commands told straight to a
 * local actor, whose reply-to field the caller fills in itself.
 *
 * @param <T> the answer's type
 */
public final class ReplyPromise<T> {
  private final PromiseRef<Object> promise;

  private ReplyPromise(PromiseRef<Object> promise) {
    this.promise = promise;
  }

  /** A promise of {@code system} that times out after {@code timeout}. */
  public static <T> ReplyPromise<T> of(ActorSystem<?> system, Timeout timeout) {
    return new ReplyPromise<>(PromiseRef.apply(Adapter.toClassic(system), timeout));
  }

  /** Where the answer is sent. */
  public ActorRef<T> ref() {
    return Adapter.toTyped(promise.ref());
  }

  /** Completes with the answer, or fails when none came in time. */
  @SuppressWarnings("unchecked")
  public CompletionStage<T> future() {
    return (CompletionStage<T>) FutureConverters.asJava(promise.future());
  }
}
