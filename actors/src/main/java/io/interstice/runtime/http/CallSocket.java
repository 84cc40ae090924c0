package io.interstice.runtime.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeException;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.node.IntersticeNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.model.ws.TextMessage;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * The WebSocket of {@code GET /v1/calls}: the fast path for programs, many reducer calls in flight
 * on one connection. Each text message is one call, or a JSON array of calls; each call is answered
 * once its transaction is durable (in the order answers come, not the order sent; the {@code id}
 * pairs them):
 *
 * <pre>
 * → {"id": 1, "module": "bank", "reducer": "transfer", "args": [1, 2, 30]}
 * ← {"id": 1, "tx": 12, "result": null}
 * → [{"id": 2, ...}, {"id": 3, ...}]
 * ← [{"id": 3, "tx": 14, "result": null}, {"id": 2, "error": "insufficient funds: ...", ...}]
 * </pre>
 *
 * A call sent alone is answered alone. The answers to calls sent in arrays go out in arrays: those
 * that are ready while the connection is still writing earlier ones share a message, so a busy
 * connection pays the per-message cost of WebSocket framing (on both ends) once per batch, not per
 * call. At most {@code websocket.max-calls-in-flight} calls of one connection run at once; past
 * that the socket stops reading until one is answered. A message over {@code max-json-body}
 * characters, or one that is not a call or an array of calls, is answered with an error (carrying
 * the call's {@code id} when it can be read) and the connection goes on. Thread-safe: holds nothing
 * but the node and settings.
 */
final class CallSocket {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final ObjectMapper LENIENT = new ObjectMapper();

  /** Answers at most in one message; bounds a message's size whatever the load. */
  private static final int MAX_ANSWERS_PER_MESSAGE = 1024;

  private CallSocket() {}

  /** An answer, as JSON text, and whether its call came in an array (and may go out in one). */
  private record Answer(String json, boolean batched) {}

  /** One call of a message, or the answer that message already has (it could not be read). */
  private record Work(JsonNode call, Answer ready, boolean batched) {}

  static Flow<Message, Message, NotUsed> flow(IntersticeNode node, HttpSettings settings) {
    var materializer = Materializer.matFromSystem(node.system());
    return Flow.<Message>create()
        .mapAsync(1, message -> text(node, settings, materializer, message))
        .mapConcat(CallSocket::work)
        .mapAsyncUnordered(
            settings.maxCallsInFlight(),
            work ->
                work.ready() != null
                    ? CompletableFuture.completedFuture(work.ready())
                    : call(node, work.call()).thenApply(json -> new Answer(json, work.batched())))
        // Answers ready while the socket is busy writing wait here and leave as one batch.
        .batch(
            MAX_ANSWERS_PER_MESSAGE,
            first -> {
              var answers = new ArrayList<Answer>();
              answers.add(first);
              return answers;
            },
            (answers, next) -> {
              answers.add(next);
              return answers;
            })
        .mapConcat(CallSocket::messages);
  }

  /**
   * The message's text, or (for one that is not text, or too large) the answer it gets: the text of
   * a message that arrived in one frame at once, that of a streamed one once all of it came.
   */
  private static CompletionStage<Object> text(
      IntersticeNode node, HttpSettings settings, Materializer materializer, Message message) {
    if (!message.isText()) {
      message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer);
      return CompletableFuture.completedFuture(
          answer(error(NullNode.getInstance(), ErrorKind.BAD_ARGUMENTS, "send calls as text")));
    }
    int max = (int) Math.min(Integer.MAX_VALUE - 1, settings.maxJsonBody());
    var text = message.asTextMessage();
    if (text.isStrict()) {
      // A message that arrived in one frame needs no stream of its own: most calls do.
      var strict = text.getStrictText();
      return CompletableFuture.completedFuture(
          strict.length() > max
              ? answer(tooLarge(max, strict, "a message of " + strict.length() + " characters"))
              : strict);
    }
    // Keeps at most max + 1 characters, but reads the whole message so the next one can follow.
    return text.getStreamedText()
        .runFold(
            new StringBuilder(),
            (kept, part) -> kept.append(part, 0, Math.min(part.length(), max + 1 - kept.length())),
            materializer)
        // Pekko's stage runs even a plain thenApply on the common pool's default executor, a new
        // thread per message on a machine with fewer than three cores: hop onto the dispatcher.
        .thenApplyAsync(
            kept ->
                kept.length() > max
                    ? answer(tooLarge(max, kept, "a longer message"))
                    : (Object) kept.toString(),
            node.system().executionContext());
  }

  /** The calls of a message's text (an object or an array of them), or the answer it gets. */
  private static List<Work> work(Object text) {
    if (text instanceof Answer ready) {
      return List.of(new Work(null, ready, false));
    }
    JsonNode request;
    try {
      request = JSON.readTree((String) text);
    } catch (JsonProcessingException e) {
      return List.of(
          new Work(
              null,
              answer(
                  error(
                      NullNode.getInstance(),
                      ErrorKind.BAD_ARGUMENTS,
                      "call is not valid JSON: " + e.getOriginalMessage())),
              false));
    }
    if (request != null && request.isArray()) {
      var calls = new ArrayList<Work>(request.size());
      for (var call : request) {
        calls.add(new Work(call, null, true));
      }
      return calls;
    }
    return List.of(new Work(request, null, false));
  }

  /** One message per answer to a lone call, and one array for the batched answers. */
  private static List<Message> messages(List<Answer> answers) {
    var messages = new ArrayList<Message>(1);
    StringBuilder batch = null;
    for (var answer : answers) {
      if (!answer.batched()) {
        messages.add(TextMessage.create(answer.json()));
      } else if (batch == null) {
        batch = new StringBuilder(answers.size() * 48).append('[').append(answer.json());
      } else {
        batch.append(',').append(answer.json());
      }
    }
    if (batch != null) {
      messages.add(TextMessage.create(batch.append(']').toString()));
    }
    return messages;
  }

  private static Answer answer(ObjectNode error) {
    return new Answer(write(error), false);
  }

  /**
   * The error of a message over {@code max} characters, with the {@code id} of the call it holds
   * when that comes before the point where the message is cut.
   */
  private static ObjectNode tooLarge(int max, CharSequence text, String what) {
    return error(
        idBefore(text.subSequence(0, Math.min(text.length(), max)).toString()),
        ErrorKind.BODY_TOO_LARGE,
        "a call message may hold at most "
            + max
            + " characters (interstice.http.max-json-body): "
            + what);
  }

  /** The top-level {@code "id"} of the call object that {@code prefix} begins, or JSON null. */
  private static JsonNode idBefore(String prefix) {
    try (var parser = JSON.getFactory().createParser(prefix)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return NullNode.getInstance();
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        var name = parser.currentName();
        var value = parser.nextToken();
        if (name.equals("id") && value != null && value.isScalarValue()) {
          // Not JSON.readTree: it would look past the value for trailing tokens, into the cut.
          return LENIENT.readTree(parser);
        }
        parser.skipChildren();
      }
    } catch (IOException e) {
      // The message is cut before its id, or is not JSON: the answer has none.
    }
    return NullNode.getInstance();
  }

  private static CompletionStage<String> call(IntersticeNode node, JsonNode request) {
    var id =
        request == null || request.get("id") == null ? NullNode.getInstance() : request.get("id");
    if (request == null
        || !request.isObject()
        || !text(request, "module")
        || !text(request, "reducer")
        || request.get("args") == null
        || !request.get("args").isArray()
        || !optionalText(request, "idempotencyKey")) {
      return done(
          error(
              id,
              ErrorKind.BAD_ARGUMENTS,
              "a call is {\"id\": ..., \"module\": \"...\", \"reducer\": \"...\", \"args\":"
                  + " [...]}, with an optional \"idempotencyKey\": \"...\""));
    }
    return node.callAsync(
            request.get("module").textValue(),
            request.get("reducer").textValue(),
            new Args.Json(request.get("args").toString()),
            ApiRoutes.CALLER,
            request.hasNonNull("idempotencyKey") ? request.get("idempotencyKey").textValue() : null)
        .handle(
            (receipt, failure) -> {
              if (failure == null) {
                // The answer every committed call gets, written without a tree.
                return "{\"id\":" + id + ",\"tx\":" + receipt.txId() + ",\"result\":null}";
              }
              var cause =
                  failure instanceof CompletionException && failure.getCause() != null
                      ? failure.getCause()
                      : failure;
              return write(
                  error(id, IntersticeException.kindOf(cause), String.valueOf(cause.getMessage())));
            });
  }

  private static boolean text(JsonNode request, String field) {
    return request.get(field) != null && request.get(field).isTextual();
  }

  private static boolean optionalText(JsonNode request, String field) {
    return !request.hasNonNull(field) || request.get(field).isTextual();
  }

  private static ObjectNode error(JsonNode id, ErrorKind kind, String message) {
    var node = JSON.createObjectNode();
    node.set("id", id);
    return node.put("error", message).put("kind", kind.name());
  }

  private static CompletionStage<String> done(ObjectNode answer) {
    return CompletableFuture.completedFuture(write(answer));
  }

  private static String write(ObjectNode answer) {
    try {
      return JSON.writeValueAsString(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an answer cannot be written as JSON", e);
    }
  }
}
