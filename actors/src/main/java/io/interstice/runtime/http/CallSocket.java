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
import io.interstice.runtime.TxReceipt;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.node.IntersticeNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * call. The calls of one array to the same module go to it as one message and come back as one
 * ({@link IntersticeNode#callAllAsync}), so a module on another node costs one trip per array, not
 * per call. Once {@code websocket.max-calls-in-flight} calls of one connection are unanswered, the
 * socket stops reading until one is; an array's calls to one module count as one, and all start
 * when the message is read. A message over {@code max-json-body} characters, or one that is not a
 * call or an array of calls, is answered with an error (carrying the call's {@code id} when it can
 * be read) and the connection goes on. Thread-safe: holds nothing but the node and settings.
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

  /**
   * What a message holds: a call still to be sent ({@code call}), the calls of an array to one
   * module, already sent together ({@code sent}: their answers, all at once), or the answer a
   * message already has ({@code ready}: it could not be read).
   */
  private record Work(
      JsonNode call, CompletionStage<List<Answer>> sent, Answer ready, boolean batched) {}

  static Flow<Message, Message, NotUsed> flow(IntersticeNode node, HttpSettings settings) {
    var materializer = Materializer.matFromSystem(node.system());
    return Flow.<Message>create()
        .mapAsync(1, message -> text(node, settings, materializer, message))
        .mapConcat(text -> work(node, text))
        .mapAsyncUnordered(
            settings.maxCallsInFlight(),
            work ->
                work.ready() != null
                    ? CompletableFuture.completedFuture(List.of(work.ready()))
                    : work.sent() != null
                        ? work.sent()
                        : call(node, work.call())
                            .thenApply(json -> List.of(new Answer(json, work.batched()))))
        .mapConcat(answers -> answers)
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

  /**
   * The calls of a message's text (an object or an array of them), or the answer it gets. The calls
   * of an array to one module go to it as one message ({@link IntersticeNode#callAllAsync}), sent
   * here; the others are sent as the socket takes them.
   */
  private static List<Work> work(IntersticeNode node, Object text) {
    if (text instanceof Answer ready) {
      return List.of(new Work(null, null, ready, false));
    }
    JsonNode request;
    try {
      request = JSON.readTree((String) text);
    } catch (JsonProcessingException e) {
      return List.of(
          new Work(
              null,
              null,
              answer(
                  error(
                      NullNode.getInstance(),
                      ErrorKind.BAD_ARGUMENTS,
                      "call is not valid JSON: " + e.getOriginalMessage())),
              false));
    }
    if (request != null && request.isArray()) {
      return batch(node, request);
    }
    return List.of(new Work(request, null, null, false));
  }

  /** The calls of an array: those of a module with more than one call in it sent together. */
  private static List<Work> batch(IntersticeNode node, JsonNode calls) {
    var work = new ArrayList<Work>(calls.size());
    var byModule = new LinkedHashMap<String, List<JsonNode>>();
    for (var call : calls) {
      var malformed = malformed(call);
      if (malformed != null) {
        work.add(new Work(null, null, new Answer(write(malformed), true), true));
      } else {
        byModule.computeIfAbsent(call.get("module").textValue(), m -> new ArrayList<>()).add(call);
      }
    }
    for (var entry : byModule.entrySet()) {
      var together = entry.getValue();
      if (together.size() < 2) {
        work.add(new Work(together.get(0), null, null, true));
        continue;
      }
      var requests = new ArrayList<IntersticeNode.CallRequest>(together.size());
      for (var call : together) {
        requests.add(
            new IntersticeNode.CallRequest(
                call.get("reducer").textValue(),
                new Args.Json(call.get("args").toString()),
                ApiRoutes.CALLER,
                idempotencyKey(call)));
      }
      var outcomes = node.callAllAsync(entry.getKey(), requests);
      @SuppressWarnings("unchecked")
      var answers = (CompletableFuture<String>[]) new CompletableFuture<?>[together.size()];
      for (int i = 0; i < answers.length; i++) {
        answers[i] = answerTo(idOf(together.get(i)), outcomes.get(i)).toCompletableFuture();
      }
      // One element of the stream for all of them: they complete together anyway.
      work.add(
          new Work(
              null,
              CompletableFuture.allOf(answers)
                  .thenApply(
                      done -> {
                        var all = new ArrayList<Answer>(answers.length);
                        for (var answer : answers) {
                          all.add(new Answer(answer.join(), true));
                        }
                        return all;
                      }),
              null,
              true));
    }
    return work;
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

  private static String idempotencyKey(JsonNode call) {
    return call.hasNonNull("idempotencyKey") ? call.get("idempotencyKey").textValue() : null;
  }

  private static JsonNode idOf(JsonNode request) {
    return request == null || request.get("id") == null
        ? NullNode.getInstance()
        : request.get("id");
  }

  /** The error answer of a request that is not a call; null for a call. */
  private static ObjectNode malformed(JsonNode request) {
    if (request == null
        || !request.isObject()
        || !text(request, "module")
        || !text(request, "reducer")
        || request.get("args") == null
        || !request.get("args").isArray()
        || !optionalText(request, "idempotencyKey")) {
      return error(
          idOf(request),
          ErrorKind.BAD_ARGUMENTS,
          "a call is {\"id\": ..., \"module\": \"...\", \"reducer\": \"...\", \"args\":"
              + " [...]}, with an optional \"idempotencyKey\": \"...\"");
    }
    return null;
  }

  private static CompletionStage<String> call(IntersticeNode node, JsonNode request) {
    var malformed = malformed(request);
    if (malformed != null) {
      return done(malformed);
    }
    return answerTo(
        idOf(request),
        node.callAsync(
            request.get("module").textValue(),
            request.get("reducer").textValue(),
            new Args.Json(request.get("args").toString()),
            ApiRoutes.CALLER,
            idempotencyKey(request)));
  }

  /** The answer to call {@code id}, as JSON text, once {@code outcome} completes. */
  private static CompletionStage<String> answerTo(JsonNode id, CompletionStage<TxReceipt> outcome) {
    return outcome.handle(
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
