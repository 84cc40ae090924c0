package io.interstice.runtime.module;

import io.interstice.runtime.module.ModuleActor.CallReply;
import io.interstice.runtime.module.ModuleActor.CallsAnswered;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Where the answer to one call of a {@link ModuleActor.CallBatch} goes: its place among the answers
 * of the batch, which go to the batch's sender as one {@link CallsAnswered} once every call of it
 * is answered. Created by the module's actor when the batch arrives; never leaves the node.
 *
 * <p>Thread-safe: the answers of one batch are collected under its lock, and sent once.
 */
public final class BatchSlot implements LocalAnswer {
  private final Answers answers;
  private final int index;

  private BatchSlot(Answers answers, int index) {
    this.answers = answers;
    this.index = index;
  }

  /** One slot per call of a batch of {@code size} calls, answered together to {@code replyTo}. */
  static BatchSlot[] forBatch(int size, ActorRef<ModuleActor.BatchReply> replyTo) {
    var answers = new Answers(size, replyTo);
    var slots = new BatchSlot[size];
    for (int i = 0; i < size; i++) {
      slots[i] = new BatchSlot(answers, i);
    }
    return slots;
  }

  /** Records this call's answer; the last one of the batch sends them all. */
  @Override
  public void answer(CallReply reply) {
    answers.answer(index, reply);
  }

  @Override
  public String toString() {
    return "BatchSlot[" + index + "]";
  }

  private static final class Answers {
    private final CallReply[] replies;
    private final ActorRef<ModuleActor.BatchReply> replyTo;
    private int left;

    Answers(int size, ActorRef<ModuleActor.BatchReply> replyTo) {
      this.replies = new CallReply[size];
      this.replyTo = replyTo;
      this.left = size;
    }

    void answer(int index, CallReply reply) {
      List<CallReply> all;
      synchronized (this) {
        if (replies[index] != null) {
          throw new IllegalStateException("call " + index + " of a batch answered twice");
        }
        replies[index] = reply;
        if (--left > 0) {
          return;
        }
        all = List.copyOf(Arrays.asList(replies));
      }
      replyTo.tell(new CallsAnswered(all));
    }
  }
}
