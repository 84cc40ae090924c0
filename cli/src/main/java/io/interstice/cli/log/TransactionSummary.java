package io.interstice.cli.log;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.interstice.journal.log.LogEvent;
import io.interstice.runtime.module.serialization.BatchSerializer;
import io.interstice.runtime.module.serialization.RuntimeKryoRegistrar;
import io.interstice.runtime.module.serialization.TxCommittedSerializer;
import io.interstice.runtime.module.state.ModuleEvent.Batch;
import io.interstice.runtime.module.state.ModuleEvent.TxCommitted;
import io.interstice.runtime.module.state.Trigger;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code log dump --events} says of an event that holds a module's committed transactions: for
 * each its id, reducer, what triggered it and, for a failed delivery or scheduled run, the error.
 * Other events are left alone. An event holds transactions when the Kryo serializer wrote it
 * ({@code interstice.kryo.serializer-id}) under {@code TxCommitted}'s manifest (one) or {@code
 * Batch}'s (those of a batch written by one call).
 *
 * <p>Not thread-safe (one Kryo instance); used by one command run.
 */
final class TransactionSummary {
  private static final String MANIFEST = Integer.toString(RuntimeKryoRegistrar.TX_COMMITTED);
  private static final String BATCH_MANIFEST = Integer.toString(RuntimeKryoRegistrar.BATCH);

  private final int kryoSerializerId;
  private final TxCommittedSerializer serializer = new TxCommittedSerializer();
  private final BatchSerializer batches = new BatchSerializer();
  private final Kryo kryo = new Kryo();

  private TransactionSummary(int kryoSerializerId) {
    this.kryoSerializerId = kryoSerializerId;
  }

  /** With the Kryo serializer id of the configuration on the class path (its default, usually). */
  static TransactionSummary fromConfig() {
    return new TransactionSummary(ConfigFactory.load().getInt("interstice.kryo.serializer-id"));
  }

  /**
   * The transactions the event holds: one for a {@code TxCommitted}, those of a {@code Batch}
   * (which may also hold outbox acknowledgements), none for any other event.
   */
  private List<TxCommitted> transactions(LogEvent event) {
    if (event.serializerId() != kryoSerializerId) {
      return List.of();
    }
    if (MANIFEST.equals(event.serializerManifest())) {
      return List.of(serializer.read(kryo, new Input(event.payload()), TxCommitted.class));
    }
    if (BATCH_MANIFEST.equals(event.serializerManifest())) {
      var batch = batches.read(kryo, new Input(event.payload()), Batch.class);
      var transactions = new ArrayList<TxCommitted>();
      for (var inner : batch.events()) {
        if (inner instanceof TxCommitted tx) {
          transactions.add(tx);
        }
      }
      return transactions;
    }
    return List.of();
  }

  /**
   * One line per transaction of the event ({@code tx 4 send, client call as alice}), none when it
   * holds none, or one saying why it cannot be read.
   */
  List<String> lines(LogEvent event) {
    List<TxCommitted> transactions;
    try {
      transactions = transactions(event);
    } catch (RuntimeException e) {
      return List.of("unreadable transaction: " + e.getMessage());
    }
    var lines = new ArrayList<String>();
    for (var tx : transactions) {
      var line = "tx " + tx.txId() + " " + tx.reducer() + ", " + describe(tx.trigger());
      lines.add(tx.error() == null ? line : line + ", failed: " + tx.error());
    }
    return lines;
  }

  /**
   * Adds the event's transaction to its JSON as {@code tx}, or a batch's as the array {@code
   * batch}, if it holds any.
   */
  void addJson(ObjectNode json, LogEvent event) {
    List<TxCommitted> transactions;
    try {
      transactions = transactions(event);
    } catch (RuntimeException e) {
      json.put("unreadable", e.getMessage());
      return;
    }
    boolean batch = BATCH_MANIFEST.equals(event.serializerManifest());
    for (var tx : transactions) {
      var txJson = batch ? json.withArray("batch").addObject() : json.putObject("tx");
      txJson.put("txId", tx.txId()).put("reducer", tx.reducer());
      addTrigger(txJson.putObject("trigger"), tx.trigger());
      if (tx.error() != null) {
        txJson.put("error", tx.error());
      }
    }
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
