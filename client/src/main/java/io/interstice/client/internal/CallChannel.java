package io.interstice.client.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.interstice.client.CallResult;
import io.interstice.client.ErrorKind;
import io.interstice.client.IdempotencyKey;
import io.interstice.client.IntersticeClientException;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reducer calls over the WebSocket {@code GET /v1/calls}: many in flight on one connection, each
 * call {@code {"id", "module", "reducer", "args", "idempotencyKey"}}, each answer paired with its
 * call by {@code id}. Calls made while the connection is sending leave together, as one message
 * holding a JSON array of calls (the node answers them in arrays too): under load, a message
 * carries many calls and its cost is shared by them; when idle, a call leaves at once. Sends are
 * clocked by answers, as Nagle's algorithm clocks TCP segments by acknowledgements: while {@value
 * #MAX_UNANSWERED} messages of the connection have had no answer since they were sent, new calls
 * wait, and leave together when the next answer arrives, or after {@value #MAX_HOLD_MICROS} µs at
 * most (so a slow call does not hold back the others). The connection opens with the first call and
 * is opened again by the first call after it was lost; calls in flight on a lost connection fail
 * with {@link ErrorKind#CONNECTION} (they may have committed: retry with the same key). A call
 * unanswered within the request timeout fails with {@link ErrorKind#TIMEOUT}.
 *
 * <p>Thread-safe: the current connection is swapped under this object's monitor; a connection's
 * sends are chained one after the other (the JDK allows one outstanding send), its calls waiting to
 * be sent are in a queue and those in flight in a concurrent map.
 */
public final class CallChannel implements AutoCloseable {
  private static final String PATH = "/v1/calls";

  /** Messages sent and not answered at all, past which new calls wait for an answer. */
  static final int MAX_UNANSWERED = 2;

  /** The longest a call waits for an answer to let it leave. */
  static final long MAX_HOLD_MICROS = 2000;

  private final Transport transport;
  private final ScheduledExecutorService timer;
  private final AtomicLong ids = new AtomicLong();
  private Connection current;
  private boolean closed;

  public CallChannel(Transport transport, ScheduledExecutorService timer) {
    this.transport = transport;
    this.timer = timer;
  }

  /** Sends one call; the future completes once the node answers it. */
  public CompletableFuture<CallResult> call(
      String module, String reducer, ArrayNode args, IdempotencyKey key) {
    long id = ids.incrementAndGet();
    var frame = Transport.JSON.createObjectNode().put("id", id);
    frame.put("module", module).put("reducer", reducer).set("args", args);
    frame.put("idempotencyKey", key.value());
    String text;
    try {
      text = Transport.JSON.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("arguments cannot be written as JSON", e));
    }
    Connection connection;
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(
            new IntersticeClientException(ErrorKind.CONNECTION, "the client is closed", null));
      }
      if (current == null || current.over) {
        current = new Connection();
      }
      connection = current;
    }
    return connection.send(id, text);
  }

  /** Closes the connection; calls still in flight fail with {@link ErrorKind#CONNECTION}. */
  @Override
  public void close() {
    Connection connection;
    synchronized (this) {
      closed = true;
      connection = current;
    }
    if (connection != null) {
      connection.close();
    }
  }

  /** A call not yet sent: its id and its JSON. */
  private record Waiting(long id, String text) {}

  /** One WebSocket and the calls in flight on it. */
  private final class Connection extends TextListener {
    private final Map<Long, CompletableFuture<CallResult>> pending = new ConcurrentHashMap<>();
    private final Queue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final AtomicBoolean holdTimed = new AtomicBoolean();

    /** Messages sent since the last answer arrived. */
    private final AtomicInteger unanswered = new AtomicInteger();

    private final CompletableFuture<WebSocket> socket;
    private CompletableFuture<?> sends; // guarded by this
    private ScheduledFuture<?> keepAlive; // guarded by this
    private volatile boolean over;

    Connection() {
      socket = Sockets.open(transport, PATH, this);
      sends = socket;
      socket.whenComplete(
          (ws, failure) -> {
            if (failure != null) {
              end(Sockets.unwrap(failure));
            } else {
              startKeepAlive();
            }
          });
    }

    CompletableFuture<CallResult> send(long id, String text) {
      var answer = new CompletableFuture<CallResult>();
      pending.put(id, answer);
      if (over) {
        fail(id, lost("the call connection is closed"));
        return answer;
      }
      waiting.add(new Waiting(id, text));
      if (unanswered.get() < MAX_UNANSWERED) {
        queueFlush();
      } else if (holdTimed.compareAndSet(false, true)) {
        timer.schedule(
            () -> {
              holdTimed.set(false);
              queueFlush();
            },
            MAX_HOLD_MICROS,
            TimeUnit.MICROSECONDS);
      }
      long timeout = transport.settings().requestTimeout().toMillis();
      return answer
          .orTimeout(timeout, TimeUnit.MILLISECONDS)
          .whenComplete(
              (result, failure) -> {
                if (Sockets.unwrap(failure) instanceof TimeoutException) {
                  pending.remove(id);
                }
              })
          .exceptionallyCompose(
              failure -> {
                var cause = Sockets.unwrap(failure);
                return CompletableFuture.failedFuture(
                    cause instanceof TimeoutException
                        ? new IntersticeClientException(
                            ErrorKind.TIMEOUT,
                            "no answer to call "
                                + id
                                + " within "
                                + timeout / 1000
                                + " s; it may still commit",
                            cause)
                        : cause);
              });
    }

    /** Sends the waiting calls once the sends before have completed, unless that is under way. */
    private void queueFlush() {
      if (!waiting.isEmpty() && flushQueued.compareAndSet(false, true)) {
        enqueue(this::flush);
      }
    }

    /**
     * Sends every call waiting, as one array; runs once the sends before it completed, so the calls
     * made meanwhile are all in it.
     */
    private CompletableFuture<WebSocket> flush(WebSocket ws) {
      flushQueued.set(false);
      var ids = new ArrayList<Long>();
      var batch = new StringBuilder("[");
      for (var call = waiting.poll(); call != null; call = waiting.poll()) {
        batch.append(ids.isEmpty() ? "" : ",").append(call.text());
        ids.add(call.id());
      }
      if (ids.isEmpty()) {
        return CompletableFuture.completedFuture(ws);
      }
      unanswered.incrementAndGet();
      return ws.sendText(batch.append(']').toString(), true)
          .whenComplete(
              (sent, failure) -> {
                if (failure != null) {
                  var error = asClientError(Sockets.unwrap(failure));
                  ids.forEach(id -> fail(id, error));
                }
              });
    }

    /** Runs {@code send} once every earlier send of this connection completed. */
    private synchronized CompletableFuture<WebSocket> enqueue(
        java.util.function.Function<WebSocket, CompletableFuture<WebSocket>> send) {
      var next = sends.handle((r, f) -> null).thenCompose(ignored -> socket).thenCompose(send);
      sends = next;
      return next;
    }

    private synchronized void startKeepAlive() {
      long every = transport.settings().keepAlive().toMillis();
      if (every > 0 && !over) {
        keepAlive =
            timer.scheduleAtFixedRate(
                () -> enqueue(ws -> ws.sendPing(ByteBuffer.allocate(0))),
                every,
                every,
                TimeUnit.MILLISECONDS);
      }
    }

    @Override
    void message(String message) {
      JsonNode answers;
      try {
        answers = Transport.JSON.readTree(message);
      } catch (JsonProcessingException e) {
        return; // Nothing to pair it with; the call it answered fails on its timeout.
      }
      unanswered.set(0);
      if (answers.isArray()) {
        answers.forEach(this::answered);
      } else {
        answered(answers);
      }
      // The calls made while waiting for an answer, and those its callers made on this thread.
      queueFlush();
    }

    private void answered(JsonNode answer) {
      var id = answer.path("id");
      if (!id.canConvertToLong()) {
        return;
      }
      var call = pending.remove(id.asLong());
      if (call == null) {
        return;
      }
      if (answer.has("error")) {
        call.completeExceptionally(
            new IntersticeClientException(
                answer.path("kind").asText(null), 0, answer.path("error").asText()));
      } else {
        call.complete(new CallResult(answer.path("tx").asLong(), answer.path("result")));
      }
    }

    @Override
    void closed(int status, String reason) {
      end(
          lost(
              "the node closed the call connection ("
                  + status
                  + (reason.isEmpty() ? "" : " " + reason)
                  + ")"));
    }

    @Override
    void failed(Throwable error) {
      end(error);
    }

    void close() {
      enqueue(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "client closed"))
          .whenComplete((ws, failure) -> socket.thenAccept(WebSocket::abort));
      end(lost("the client is closed"));
    }

    private void end(Throwable failure) {
      over = true;
      synchronized (this) {
        if (keepAlive != null) {
          keepAlive.cancel(false);
        }
      }
      var error = asClientError(failure);
      for (var id : pending.keySet()) {
        fail(id, error);
      }
    }

    private void fail(long id, Throwable error) {
      var call = pending.remove(id);
      if (call != null) {
        call.completeExceptionally(error);
      }
    }

    private IntersticeClientException lost(String what) {
      return new IntersticeClientException(
          ErrorKind.CONNECTION,
          what + " before the answer came; the call may have committed: retry it with the same key",
          null);
    }

    private IntersticeClientException asClientError(Throwable failure) {
      if (failure instanceof IntersticeClientException) {
        return (IntersticeClientException) failure;
      }
      return new IntersticeClientException(
          ErrorKind.CONNECTION,
          "call connection to "
              + transport.settings().url()
              + " failed: "
              + Transport.reason(failure),
          failure);
    }
  }
}
