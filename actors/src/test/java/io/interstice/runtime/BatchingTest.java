package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import io.interstice.journal.log.LogEvent;
import io.interstice.journal.log.LogReader;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.module.serialization.BatchSerializer;
import io.interstice.runtime.module.serialization.RuntimeKryoRegistrar;
import io.interstice.runtime.module.state.ModuleEvent;
import io.interstice.runtime.node.IntersticeNode;
import io.interstice.runtime.testmodules.Ledger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls that queue up while a write is in flight run as one batch, persisted as one atomic write;
 * every caller still gets its own result, and each caller's calls run in the order sent.
 */
class BatchingTest {
  private static final int STREAMS = 40;
  private static final int CALLS_PER_STREAM = 60;

  @TempDir Path dir;

  @Test
  void shouldKeepEveryCallersResultsAndOrderWhileBatching() {
    var committed = new AtomicInteger();
    var frames = new AtomicInteger();
    var events = new AtomicLong();
    var transactions = new AtomicLong();
    try (var node = IntersticeNode.builder().dataDir(dir).start()) {
      node.deploy(Ledger.class);
      var calls = new ArrayList<CompletableFuture<Void>>();
      for (int round = 1; round <= CALLS_PER_STREAM; round++) {
        for (int s = 0; s < STREAMS; s++) {
          var stream = "s" + s;
          final long seq = round;
          // Every stream's calls are sent in order without waiting; refusals are interleaved.
          calls.add(
              node.callAsync("ledger", "append", Args.Values.of(stream, seq))
                  .thenAccept(receipt -> committed.incrementAndGet())
                  .toCompletableFuture());
          if (round % 10 == 0) {
            calls.add(expectRefusal(node.callAsync("ledger", "refuse", Args.Values.of(stream))));
          }
        }
      }
      CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
      assertEquals(STREAMS * CALLS_PER_STREAM, committed.get());
      for (int s = 0; s < STREAMS; s++) {
        assertEquals((long) CALLS_PER_STREAM, node.query("ledger", "last", "s" + s));
      }
      var rows = node.rows("ledger", "entries");
      assertEquals(STREAMS * CALLS_PER_STREAM, rows.size());
      assertTrue(rows.stream().noneMatch(row -> (Long) row[2] < 0), "a refused write was kept");
    }
    LogReader.open(dir.resolve("journal").resolve("node-1"))
        .forEachFrame(
            frame -> {
              if (frame.persistenceId().equals("module|ledger")) {
                frames.incrementAndGet();
                events.addAndGet(frame.events().size());
                for (var event : frame.events()) {
                  transactions.addAndGet(transactionsIn(event));
                }
              }
            });
    assertEquals(STREAMS * CALLS_PER_STREAM, transactions.get(), "one transaction per commit");
    assertEquals(frames.get(), events.get(), "a write of several transactions is one event");
    assertTrue(
        frames.get() < transactions.get() / 4,
        "calls were not batched: " + frames.get() + " atomic writes for " + transactions.get());
  }

  /** The transactions one logged event holds: one, a batch's, or none (the deploy). */
  private static int transactionsIn(LogEvent event) {
    var manifest = Integer.parseInt(event.serializerManifest());
    if (manifest == RuntimeKryoRegistrar.TX_COMMITTED) {
      return 1;
    }
    if (manifest == RuntimeKryoRegistrar.BATCH) {
      var batch =
          new BatchSerializer()
              .read(new Kryo(), new Input(event.payload()), ModuleEvent.Batch.class);
      return (int)
          batch.events().stream().filter(e -> e instanceof ModuleEvent.TxCommitted).count();
    }
    return 0;
  }

  private static CompletableFuture<Void> expectRefusal(
      java.util.concurrent.CompletionStage<TxReceipt> call) {
    return call.handle(
            (receipt, error) -> {
              var cause = error instanceof CompletionException ? error.getCause() : error;
              var failed = assertInstanceOf(CallFailedException.class, cause);
              assertEquals(ErrorKind.REDUCER_FAILED, failed.kind());
              return (Void) null;
            })
        .toCompletableFuture();
  }
}
