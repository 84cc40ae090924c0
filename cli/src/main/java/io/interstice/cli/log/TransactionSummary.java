package io.interstice.cli.log;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.interstice.journal.log.LogEvent;
import io.interstice.runtime.module.serialization.RuntimeKryoRegistrar;
import io.interstice.runtime.module.serialization.TxCommittedSerializer;
import io.interstice.runtime.module.state.ModuleEvent.TxCommitted;
import io.interstice.runtime.module.state.Trigger;

/**
 * What {@code log dump --events} says of an event that is a module's committed transaction: its id,
 * reducer, what triggered it and, for a failed delivery or scheduled run, the error. Other events
 * are left alone. An event is a transaction when the Kryo serializer wrote it ({@code
 * interstice.kryo.serializer-id}) under {@code TxCommitted}'s manifest.
 *
 * <p>Not thread-safe (one Kryo instance); used by one command run.
 */
final class TransactionSummary {
  private static final String MANIFEST = Integer.toString(RuntimeKryoRegistrar.TX_COMMITTED);

  private final int kryoSerializerId;
  private final TxCommittedSerializer serializer = new TxCommittedSerializer();
  private final Kryo kryo = new Kryo();

  private TransactionSummary(int kryoSerializerId) {
    this.kryoSerializerId = kryoSerializerId;
  }

  /** With the Kryo serializer id of the configuration on the class path (its default, usually). */
  static TransactionSummary fromConfig() {
    return new TransactionSummary(ConfigFactory.load().getInt("interstice.kryo.serializer-id"));
  }

  private boolean isTransaction(LogEvent event) {
    return event.serializerId() == kryoSerializerId && MANIFEST.equals(event.serializerManifest());
  }

  /**
   * One line on the event's transaction ({@code tx 4 send, client call as alice}), or null when the
   * event is not one.
   */
  String text(LogEvent event) {
    if (!isTransaction(event)) {
      return null;
    }
    TxCommitted tx;
    try {
      tx = read(event);
    } catch (RuntimeException e) {
      return "unreadable transaction: " + e.getMessage();
    }
    var line = "tx " + tx.txId() + " " + tx.reducer() + ", " + describe(tx.trigger());
    return tx.error() == null ? line : line + ", failed: " + tx.error();
  }

  /** Adds the event's transaction to its JSON as {@code tx}, if it is one. */
  void addJson(ObjectNode json, LogEvent event) {
    if (!isTransaction(event)) {
      return;
    }
    TxCommitted tx;
    try {
      tx = read(event);
    } catch (RuntimeException e) {
      json.put("unreadable", e.getMessage());
      return;
    }
    var txJson = json.putObject("tx").put("txId", tx.txId()).put("reducer", tx.reducer());
    addTrigger(txJson.putObject("trigger"), tx.trigger());
    if (tx.error() != null) {
      txJson.put("error", tx.error());
    }
  }

  private TxCommitted read(LogEvent event) {
    return serializer.read(kryo, new Input(event.payload()), TxCommitted.class);
  }

  static String describe(Trigger trigger) {
    if (trigger instanceof Trigger.ClientCall call) {
      var key = call.idempotencyKey();
      return "client call as " + call.caller() + (key == null ? "" : " with key " + key);
    } else if (trigger instanceof Trigger.Delivery delivery) {
      return "delivery " + delivery.sender() + " #" + delivery.seq();
    } else if (trigger instanceof Trigger.ScheduledRun run) {
      return "run of schedule " + run.scheduleId();
    }
    return "lifecycle reducer";
  }

  static void addTrigger(ObjectNode json, Trigger trigger) {
    if (trigger instanceof Trigger.ClientCall call) {
      json.put("kind", "client-call");
      if (call.idempotencyKey() != null) {
        json.put("idempotencyKey", call.idempotencyKey());
      }
    } else if (trigger instanceof Trigger.Delivery delivery) {
      json.put("kind", "delivery").put("sender", delivery.sender()).put("seq", delivery.seq());
    } else if (trigger instanceof Trigger.ScheduledRun run) {
      json.put("kind", "scheduled-run").put("schedule", run.scheduleId());
    } else {
      json.put("kind", "lifecycle");
    }
    json.put("caller", trigger.caller());
  }
}
