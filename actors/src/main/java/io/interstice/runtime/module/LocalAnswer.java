package io.interstice.runtime.module;

import io.interstice.runtime.module.ModuleActor.CallReply;
import java.util.concurrent.CompletableFuture;

/**
 * Where the answer to a call goes when it is not sent to a reply-to actor: its place in a batch of
 * calls ({@link BatchSlot}), or the future of a caller on the node that runs the module ({@link
 * #of}). Never leaves the node: a call that carries one is not sent to another node as it is (see
 * {@link DeadLetterRerouting}).
 */
public interface LocalAnswer {
  /** Takes the call's answer; called once, on the module's thread. */
  void answer(CallReply reply);

  /** An answer that completes {@code future}. */
  static LocalAnswer of(CompletableFuture<CallReply> future) {
    return new Completing(future);
  }

  /** Completes a caller's future. */
  record Completing(CompletableFuture<CallReply> future) implements LocalAnswer {
    @Override
    public void answer(CallReply reply) {
      future.complete(reply);
    }
  }
}
