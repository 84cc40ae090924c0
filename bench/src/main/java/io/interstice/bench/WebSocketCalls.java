package io.interstice.bench;

import io.interstice.runtime.TxReceipt;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Transfers sent over a few WebSocket connections to the node's call channel {@code GET /v1/calls},
 * as text frames {@code {"id": n, "module": "bank", "reducer": "transfer", "args": [from, to,
 * amount]}}, each answered by a frame with the same {@code id}. A call goes to a connection with a
 * free slot, so no connection ever has more than {@code callsPerConnection} in flight (keep it at
 * most the node's {@code websocket.max-calls-in-flight}); with as many closed-loop callers as slots
 * in all, a caller always finds one.
 *
 * <p>Batched ({@link #open}'s {@code batched}), calls leave as the Java client's {@code
 * CallChannel} sends them: together, as one message holding a JSON array of calls, and the node
 * answers them in arrays — the channel's own way to spread the per-message cost over many calls.
 * Sends are clocked by answers: while two messages of a connection have had no answer since they
 * were sent, new calls wait, and leave together when the next answer arrives or after 2 ms.
 *
 * <p>Thread-safety: callers send from any thread; each connection serializes its sends (the JDK's
 * WebSocket takes one at a time) and its listener runs on one thread at a time.
 */
final class WebSocketCalls implements ClosedLoop.Workload, AutoCloseable {
  /** Messages sent and not answered at all, past which new calls wait (as CallChannel's). */
  private static final int MAX_UNANSWERED = 2;

  /** The longest a call waits for an answer to let it leave (as CallChannel's). */
  private static final long MAX_HOLD_MICROS = 2000;

  private static final ScheduledExecutorService HOLD_TIMER =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            var thread = new Thread(task, "websocket-calls-hold");
            thread.setDaemon(true);
            return thread;
          });

  private final Connection[] connections;
  private final TransferDraws draws;
  private final AtomicInteger nextConnection = new AtomicInteger();
  private final AtomicLong nextId = new AtomicLong();

  private WebSocketCalls(Connection[] connections, TransferDraws draws) {
    this.connections = connections;
    this.draws = draws;
  }

  /** Opens {@code count} connections to {@code baseUrl}'s {@code /v1/calls}. */
  static WebSocketCalls open(
      HttpClient client,
      String baseUrl,
      int count,
      int callsPerConnection,
      boolean batched,
      TransferDraws draws)
      throws Exception {
    var uri = URI.create(baseUrl.replaceFirst("^http", "ws") + "/v1/calls");
    var connections = new Connection[count];
    for (int i = 0; i < count; i++) {
      var connection = new Connection(callsPerConnection, batched);
      client.newWebSocketBuilder().buildAsync(uri, connection).get(10, TimeUnit.SECONDS);
      connections[i] = connection;
    }
    return new WebSocketCalls(connections, draws);
  }

  @Override
  public CompletionStage<TxReceipt> send(SplittableRandom random) {
    var t = draws.next(random);
    long id = nextId.incrementAndGet();
    var frame =
        "{\"id\":"
            + id
            + ",\"module\":\""
            + TransferLoad.MODULE
            + "\",\"reducer\":\"transfer\",\"args\":["
            + t.from()
            + ","
            + t.to()
            + ","
            + t.amount()
            + "]}";
    int start = nextConnection.getAndIncrement();
    for (int i = 0; i < connections.length; i++) {
      var connection = connections[Math.floorMod(start + i, connections.length)];
      if (connection.slots.tryAcquire()) {
        return connection.call(id, frame);
      }
    }
    // A slot is given back just before its caller learns of the answer; another caller may look
    // in that instant: wait for one rather than fail.
    var connection = connections[Math.floorMod(start, connections.length)];
    try {
      if (connection.slots.tryAcquire(10, TimeUnit.SECONDS)) {
        return connection.call(id, frame);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return CompletableFuture.failedFuture(
        new IllegalStateException("more callers than WebSocket slots: no connection had room"));
  }

  @Override
  public boolean refused(Throwable error) {
    return TransferLoad.isRefusal(error);
  }

  @Override
  public void close() {
    for (var connection : connections) {
      connection.socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }
  }

  /** One connection: its free slots, its unanswered calls by id, its chain of sends. */
  private static final class Connection implements WebSocket.Listener {
    private final Semaphore slots;
    private final boolean batched;
    private final ConcurrentHashMap<Long, CompletableFuture<TxReceipt>> pending =
        new ConcurrentHashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private final ConcurrentLinkedQueue<String> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sendingBatch = new AtomicBoolean();
    private final AtomicBoolean holdTimed = new AtomicBoolean();

    /** Messages sent since the last answer arrived. */
    private final AtomicInteger unanswered = new AtomicInteger();

    private volatile WebSocket socket;
    private CompletableFuture<WebSocket> sending;

    Connection(int callsPerConnection, boolean batched) {
      this.slots = new Semaphore(callsPerConnection);
      this.batched = batched;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      socket = webSocket;
      synchronized (this) {
        sending = CompletableFuture.completedFuture(webSocket);
      }
      webSocket.request(1);
    }

    /** Sends {@code frame}; the answer completes the stage after the slot was given back. */
    CompletionStage<TxReceipt> call(long id, String frame) {
      var answer = new CompletableFuture<TxReceipt>();
      pending.put(id, answer);
      if (batched) {
        waiting.add(frame);
        if (unanswered.get() < MAX_UNANSWERED) {
          sendWaiting();
        } else if (holdTimed.compareAndSet(false, true)) {
          HOLD_TIMER.schedule(
              () -> {
                holdTimed.set(false);
                sendWaiting();
              },
              MAX_HOLD_MICROS,
              TimeUnit.MICROSECONDS);
        }
        return answer.whenComplete((receipt, error) -> slots.release());
      }
      synchronized (this) {
        sending = sending.thenCompose(ws -> ws.sendText(frame, true));
        sending.whenComplete(
            (ws, error) -> {
              if (error != null) {
                failAll(error);
              }
            });
      }
      return answer.whenComplete((receipt, error) -> slots.release());
    }

    /** Sends every waiting call as one array, unless a send is under way (it sends them after). */
    private void sendWaiting() {
      while (!waiting.isEmpty() && sendingBatch.compareAndSet(false, true)) {
        var batch = new StringBuilder("[");
        for (var frame = waiting.poll(); frame != null; frame = waiting.poll()) {
          batch.append(batch.length() > 1 ? "," : "").append(frame);
        }
        if (batch.length() == 1) {
          sendingBatch.set(false);
          continue;
        }
        unanswered.incrementAndGet();
        socket
            .sendText(batch.append(']').toString(), true)
            .whenComplete(
                (ws, error) -> {
                  sendingBatch.set(false);
                  if (error != null) {
                    failAll(error);
                  } else {
                    sendWaiting();
                  }
                });
        return;
      }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        var text = partial.toString();
        partial.setLength(0);
        unanswered.set(0);
        answered(text);
        if (batched) {
          sendWaiting();
        }
      }
      webSocket.request(1);
      return null;
    }

    private void answered(String text) {
      var json = HttpLoad.parse(text);
      if (json.isArray()) {
        json.forEach(this::answered);
      } else {
        answered(json);
      }
    }

    private void answered(com.fasterxml.jackson.databind.JsonNode json) {
      var answer = pending.remove(json.path("id").asLong(-1));
      if (answer == null) {
        failAll(new IllegalStateException("answer to no call of this connection: " + json));
        return;
      }
      try {
        answer.complete(HttpLoad.receipt(json));
      } catch (RuntimeException e) {
        answer.completeExceptionally(e);
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      failAll(new IllegalStateException("call channel closed: " + statusCode + " " + reason));
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      failAll(error);
    }

    private void failAll(Throwable error) {
      for (var id : pending.keySet()) {
        var answer = pending.remove(id);
        if (answer != null) {
          answer.completeExceptionally(error);
        }
      }
    }
  }
}
