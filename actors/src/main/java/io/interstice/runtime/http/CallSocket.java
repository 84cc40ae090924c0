package io.interstice.runtime.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeException;
import io.interstice.runtime.module.code.Args;
import io.interstice.runtime.node.IntersticeNode;
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
 * on one connection. Each text message is one call, answered once its transaction is durable (in
 * the order answers come, not the order sent; the {@code id} pairs them):
 *
 * <pre>
 * → {"id": 1, "module": "bank", "reducer": "transfer", "args": [1, 2, 30]}
 * ← {"id": 1, "tx": 12, "result": null}
 * ← {"id": 2, "error": "insufficient funds: ...", "kind": "REDUCER_FAILED"}
 * </pre>
 *
 * At most {@code websocket.max-calls-in-flight} calls of one connection run at once; past that the
 * socket stops reading until one is answered. A message over {@code max-json-body} characters, or
 * one that is not such an object, is answered with an error and the connection goes on.
 * Thread-safe: holds nothing but the node and settings.
 */
final class CallSocket {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private CallSocket() {}

  static Flow<Message, Message, NotUsed> flow(IntersticeNode node, HttpSettings settings) {
    var materializer = Materializer.matFromSystem(node.system());
    return Flow.<Message>create()
        .mapAsyncUnordered(
            settings.maxCallsInFlight(), message -> answer(node, settings, materializer, message))
        .map(answer -> (Message) TextMessage.create(answer));
  }

  private static CompletionStage<String> answer(
      IntersticeNode node, HttpSettings settings, Materializer materializer, Message message) {
    if (!message.isText()) {
      message.asBinaryMessage().getStreamedData().runWith(Sink.ignore(), materializer);
      return done(error(NullNode.getInstance(), ErrorKind.BAD_ARGUMENTS, "send calls as text"));
    }
    long max = settings.maxJsonBody();
    var text = message.asTextMessage();
    if (text.isStrict()) {
      // A message that arrived in one frame needs no stream of its own: most calls do.
      return text.getStrictText().length() > max
          ? done(tooLarge(max, "a message of " + text.getStrictText().length() + " characters"))
          : call(node, text.getStrictText());
    }
    return text.getStreamedText()
        .limitWeighted(max, part -> (long) part.length())
        .runFold(new StringBuilder(), StringBuilder::append, materializer)
        // Pekko's stage runs even a plain thenCompose on the common pool's default executor, a new
        // thread per message on a machine with fewer than three cores: hop onto the dispatcher.
        .thenComposeAsync(folded -> call(node, folded.toString()), node.system().executionContext())
        .exceptionally(failure -> write(tooLarge(max, failure.getMessage())));
  }

  private static ObjectNode tooLarge(long max, String what) {
    return error(
        NullNode.getInstance(),
        ErrorKind.BODY_TOO_LARGE,
        "a call message may hold at most "
            + max
            + " characters (interstice.http.max-json-body): "
            + what);
  }

  private static CompletionStage<String> call(IntersticeNode node, String text) {
    JsonNode request;
    try {
      request = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return done(
          error(
              NullNode.getInstance(),
              ErrorKind.BAD_ARGUMENTS,
              "call is not valid JSON: " + e.getOriginalMessage()));
    }
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
                var answer = JSON.createObjectNode();
                answer.set("id", id);
                answer.put("tx", receipt.txId()).putNull("result");
                return write(answer);
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
