package io.interstice.runtime.cluster;

import io.interstice.runtime.module.ModuleActor.Acknowledge;
import io.interstice.runtime.module.ModuleActor.Call;
import io.interstice.runtime.module.ModuleActor.CallBatch;
import io.interstice.runtime.module.ModuleActor.CallReply;
import io.interstice.runtime.module.ModuleActor.Deliver;
import io.interstice.runtime.module.ModuleActor.Deploy;
import io.interstice.runtime.module.ModuleActor.Describe;
import io.interstice.runtime.module.ModuleActor.Query;
import io.interstice.runtime.module.ModuleActor.ReadRows;
import io.interstice.runtime.module.ModuleActor.RegisterSubscriptions;
import io.interstice.runtime.module.ModuleActor.Remove;
import io.interstice.runtime.module.ModuleActor.SubscribeLive;
import io.interstice.runtime.module.ModuleActor.SubscriptionsRegistered;
import io.interstice.runtime.module.ModuleActor.UnsubscribeLive;
import io.interstice.runtime.module.code.LogCode;
import io.interstice.runtime.module.outbox.OutboxEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The wire formats of the module commands that go through Cluster Sharding, from clients on any
 * node and from other modules; the layouts are in {@link ClusterMessageSerializer}. Stateless.
 */
final class CommandFormats {
  private CommandFormats() {}

  static List<MessageFormat<?>> all() {
    return List.of(
        MessageFormat.of(
            "Deploy",
            Deploy.class,
            (out, m) -> out.code(m.code()).ref(m.replyTo()),
            in -> new Deploy(in.code(), in.ref())),
        MessageFormat.of(
            "Remove", Remove.class, (out, m) -> out.ref(m.replyTo()), in -> new Remove(in.ref())),
        MessageFormat.of("Call", Call.class, CommandFormats::writeCall, CommandFormats::readCall),
        MessageFormat.of(
            "CallBatch",
            CallBatch.class,
            CommandFormats::writeCallBatch,
            CommandFormats::readCallBatch),
        MessageFormat.of(
            "Deliver", Deliver.class, CommandFormats::writeDeliver, CommandFormats::readDeliver),
        MessageFormat.of(
            "Acknowledge",
            Acknowledge.class,
            (out, m) -> out.text(m.consumer()).i64(m.upTo()).optionalText(m.rejected()),
            in -> new Acknowledge(in.text(), in.i64(), in.optionalText())),
        MessageFormat.of(
            "RegisterSubscriptions",
            RegisterSubscriptions.class,
            (out, m) -> out.text(m.subscriber()).subscriptions(m.subscriptions()),
            in -> new RegisterSubscriptions(in.text(), in.subscriptions())),
        MessageFormat.of(
            "SubscriptionsRegistered",
            SubscriptionsRegistered.class,
            (out, m) -> out.text(m.producer()).optionalText(m.problem()),
            in -> new SubscriptionsRegistered(in.text(), in.optionalText())),
        MessageFormat.of(
            "SubscribeLive",
            SubscribeLive.class,
            (out, m) -> out.texts(m.tables()).ref(m.subscriber()).ref(m.replyTo()),
            in -> new SubscribeLive(in.texts(), in.ref(), in.ref())),
        MessageFormat.of(
            "UnsubscribeLive",
            UnsubscribeLive.class,
            (out, m) -> out.ref(m.subscriber()),
            in -> new UnsubscribeLive(in.ref())),
        MessageFormat.of(
            "Query",
            Query.class,
            (out, m) ->
                out.text(m.query()).args(m.args()).optionalText(m.caller()).ref(m.replyTo()),
            in -> new Query(in.text(), in.args(), in.optionalText(), in.ref())),
        MessageFormat.of(
            "ReadRows",
            ReadRows.class,
            (out, m) ->
                out.text(m.table()).optionalText(m.afterKey()).i32(m.limit()).ref(m.replyTo()),
            in -> new ReadRows(in.text(), in.optionalText(), in.i32(), in.ref())),
        MessageFormat.of(
            "Describe",
            Describe.class,
            (out, m) -> out.ref(m.replyTo()),
            in -> new Describe(in.ref())));
  }

  /**
   * The arrival time goes along only so that every field survives the trip: it is this JVM's {@code
   * System.nanoTime}, meaningless on another, so the reader stamps the call with its own clock: the
   * call reaches its node then.
   */
  private static void writeCall(WireWriter out, Call call) {
    if (call.answer() != null) {
      throw new IllegalArgumentException(
          "a call answered on its own node (" + call.answer() + ") cannot go to another node");
    }
    out.text(call.reducer()).args(call.args()).optionalText(call.caller());
    out.optionalText(call.idempotencyKey()).ref(call.replyTo()).i64(call.receivedNanos());
  }

  private static Call readCall(WireReader in) {
    var reducer = in.text();
    var args = in.args();
    var caller = in.optionalText();
    var key = in.optionalText();
    ActorRef<CallReply> replyTo = in.ref();
    in.i64(); // the sender's clock
    return new Call(reducer, args, caller, key, replyTo, System.nanoTime());
  }

  /** One arrival time for all, then the calls without their reply-to (the batch has one). */
  private static void writeCallBatch(WireWriter out, CallBatch batch) {
    var calls = batch.calls();
    out.i64(calls.isEmpty() ? 0 : calls.get(0).receivedNanos()).varint(calls.size());
    for (var call : calls) {
      out.text(call.reducer()).args(call.args()).optionalText(call.caller());
      out.optionalText(call.idempotencyKey());
    }
    out.ref(batch.replyTo());
  }

  private static CallBatch readCallBatch(WireReader in) {
    in.i64(); // the sender's clock: the batch reaches this node now
    long arrival = System.nanoTime();
    int n = in.count("call count", 4);
    var calls = new ArrayList<Call>(n);
    for (int i = 0; i < n; i++) {
      calls.add(
          new Call(in.text(), in.args(), in.optionalText(), in.optionalText(), null, arrival));
    }
    return new CallBatch(Collections.unmodifiableList(calls), in.ref());
  }

  private static void writeDeliver(WireWriter out, Deliver deliver) {
    out.text(deliver.sender()).i64(deliver.seq()).u8(deliver.kind().code());
    out.text(deliver.reducer()).bytes(deliver.args()).varint(deliver.depth());
    out.text(deliver.cause());
  }

  private static Deliver readDeliver(WireReader in) {
    var sender = in.text();
    long seq = in.i64();
    var kind = LogCode.decode(OutboxEntry.Kind.class, in.u8(), "outbox entry kind");
    return new Deliver(sender, seq, kind, in.text(), in.bytes(), in.varint(), in.text());
  }
}
