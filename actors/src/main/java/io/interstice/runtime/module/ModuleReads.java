package io.interstice.runtime.module;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.LiveUpdate;
import io.interstice.runtime.module.ModuleActor.Answered;
import io.interstice.runtime.module.ModuleActor.Describe;
import io.interstice.runtime.module.ModuleActor.Described;
import io.interstice.runtime.module.ModuleActor.Failed;
import io.interstice.runtime.module.ModuleActor.Query;
import io.interstice.runtime.module.ModuleActor.QueryReply;
import io.interstice.runtime.module.ModuleActor.ReadRows;
import io.interstice.runtime.module.ModuleActor.Rows;
import io.interstice.runtime.module.ModuleActor.SubscribeLive;
import io.interstice.runtime.module.ModuleActor.UnsubscribeLive;
import io.interstice.runtime.module.code.ArgsDecoder;
import io.interstice.runtime.module.code.BoundedText;
import io.interstice.runtime.module.code.LogContext;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.module.state.ModuleState;
import io.interstice.runtime.module.tx.GuestFailures;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.schema.QuerySchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.schema.Visibility;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeSet;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.typed.javadsl.Effect;

/**
 * Everything that reads a deployed module without changing it, in any stage: queries (which need
 * its code loaded), a table's rows, the module's description, and the start and end of live
 * subscriptions. These run between batches (Pekko stashes commands while a batch is written), and
 * their answers are held until the state they read is forced ({@link DurabilityGate}), so nobody
 * reads a transaction that is not durable.
 *
 * <p>Not thread-safe: confined to the module actor's thread, since queries read the live tables.
 */
final class ModuleReads {
  private final ModuleContext runtime;

  ModuleReads(ModuleContext runtime) {
    this.runtime = runtime;
  }

  Effect<ModuleEvent, ModuleState> onQuery(ModuleState state, Query query) {
    runtime.metrics().queried();
    var schema = state.schema().query(query.query()).orElse(null);
    if (schema == null) {
      reply(
          query.replyTo(),
          new Failed(
              ErrorKind.UNKNOWN_REDUCER,
              "module " + runtime.name() + " has no query named " + query.query()));
      return runtime.effects().none();
    }
    if (state.loaded() == null) {
      reply(query.replyTo(), new Failed(ErrorKind.BAD_MODULE, state.cannotRunReason()));
      return runtime.effects().none();
    }
    reply(query.replyTo(), runQuery(state, schema, query));
    return runtime.effects().none();
  }

  private QueryReply runQuery(ModuleState state, QuerySchema schema, Query query) {
    var what = runtime.name() + "." + schema.name();
    int max = runtime.settings().limits().maxMessageLength();
    Object[] args;
    try {
      args = ArgsDecoder.decode(what, schema.params(), query.args());
    } catch (ArgsDecoder.ArgsException e) {
      return new Failed(ErrorKind.BAD_ARGUMENTS, e.getMessage());
    }
    try {
      return new Answered(
          schema.resultType(),
          state.loaded().runQuery(schema, args, state.tables(), query.caller()));
    } catch (ReducerException e) {
      return new Failed(ErrorKind.REDUCER_FAILED, BoundedText.cut(e.getMessage(), max));
    } catch (Throwable e) {
      // A query only reads: whatever it ran into, the tables are as they were.
      runtime.metrics().trapped(state.loaded().trapped(e) ? 1 : 0);
      var message = BoundedText.cut(GuestFailures.describe(what, e), max);
      LogContext.log(
          runtime.name(),
          schema.name(),
          0,
          () -> GuestFailures.warn(runtime.log(), message, e, max));
      return new Failed(ErrorKind.MODULE_FAILED, message);
    }
  }

  Effect<ModuleEvent, ModuleState> onReadRows(ModuleState state, ReadRows read) {
    var table = publicTable(state, read.table());
    if (table == null) {
      reply(read.replyTo(), noPublicTable(read.table()));
      return runtime.effects().none();
    }
    Object after = null;
    if (read.afterKey() != null) {
      try {
        after =
            ArgsDecoder.decodeValue(
                runtime.name() + "." + table.name() + ": after",
                table.primaryKeyColumn().type(),
                read.afterKey());
      } catch (ArgsDecoder.ArgsException e) {
        reply(read.replyTo(), new Failed(ErrorKind.BAD_ARGUMENTS, e.getMessage()));
        return runtime.effects().none();
      }
    }
    var live = state.tables().table(table.name());
    var scan = after == null ? live.scan() : live.scanAfter(after);
    var rows = new ArrayList<Object[]>();
    while (rows.size() < read.limit() && scan.hasNext()) {
      rows.add(scan.next());
    }
    reply(read.replyTo(), new Rows(table, rows, scan.hasNext()));
    return runtime.effects().none();
  }

  Effect<ModuleEvent, ModuleState> onDescribe(ModuleState state, Describe describe) {
    reply(describe.replyTo(), new Described(runtime.info(state)));
    return runtime.effects().none();
  }

  /** Sends the current rows of the tables, then watches the subscriber until it unsubscribes. */
  Effect<ModuleEvent, ModuleState> onSubscribeLive(ModuleState state, SubscribeLive subscribe) {
    var rows = new LinkedHashMap<String, List<Object[]>>();
    for (var table : new TreeSet<>(subscribe.tables())) {
      if (publicTable(state, table) == null) {
        reply(subscribe.replyTo(), noPublicTable(table));
        return runtime.effects().none();
      }
      rows.put(table, rowsOf(state, table));
    }
    var current = new LiveUpdate.Current(runtime.name(), state.lastTxId(), rows);
    var described = new Described(runtime.info(state));
    // Joins the live subscribers only with its rows sent: the updates of batches that the rows
    // include, held until forced like the rows, must not reach it again.
    runtime.afterForce(
        () -> {
          subscribe.subscriber().tell(current);
          runtime.live().add(subscribe.subscriber(), subscribe.tables());
          runtime
              .context()
              .watchWith(subscribe.subscriber(), new UnsubscribeLive(subscribe.subscriber()));
          subscribe.replyTo().tell(described);
        },
        () -> subscribe.replyTo().tell(runtime.notDurable("state it read")));
    return runtime.effects().none();
  }

  Effect<ModuleEvent, ModuleState> onUnsubscribeLive(
      ModuleState state, UnsubscribeLive unsubscribe) {
    runtime.live().remove(unsubscribe.subscriber());
    return runtime.effects().none();
  }

  /**
   * Sends a read's answer once the state it was read from is forced ({@link DurabilityGate}): at
   * once, unless a batch written with a pipelined write is still being forced.
   */
  private <R> void reply(ActorRef<R> replyTo, R answer) {
    @SuppressWarnings("unchecked")
    var lost = (R) runtime.notDurable("state it read");
    runtime.afterForce(() -> replyTo.tell(answer), () -> replyTo.tell(lost));
  }

  /** The schema of a table clients may read, or null for a private or unknown one. */
  private static TableSchema publicTable(ModuleState state, String table) {
    var schema = state.tableSchema(table);
    return schema == null || schema.visibility() == Visibility.PRIVATE ? null : schema;
  }

  private Failed noPublicTable(String table) {
    return new Failed(
        ErrorKind.UNKNOWN_TABLE,
        "module " + runtime.name() + " has no public table named " + table);
  }

  /** A copy of every committed row of {@code table}, in primary key order. */
  private static List<Object[]> rowsOf(ModuleState state, String table) {
    var rows = new ArrayList<Object[]>();
    state.tables().table(table).scan().forEachRemaining(rows::add);
    return rows;
  }
}
