package io.interstice.runtime.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.IntersticeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RetryAfter;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Errors of the HTTP API: the one place that maps an {@link ErrorKind} to a status ({@link
 * #statusOf}), and the JSON body {@code {"error": "...", "kind": "..."}} every error carries.
 * Stateless and thread-safe.
 */
final class ApiErrors {
  private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiErrors() {}

  /** The status a failure of this kind is answered with. */
  static StatusCode statusOf(ErrorKind kind) {
    switch (kind) {
      case BAD_ARGUMENTS:
        return StatusCodes.BAD_REQUEST;
      case UNKNOWN_MODULE:
      case UNKNOWN_REDUCER:
      case UNKNOWN_TABLE:
      case UNKNOWN_ROUTE:
        return StatusCodes.NOT_FOUND;
      case METHOD_NOT_ALLOWED:
        return StatusCodes.METHOD_NOT_ALLOWED;
      case UNAUTHORIZED:
        return StatusCodes.UNAUTHORIZED;
      case REDUCER_FAILED:
      case CONSTRAINT_VIOLATION:
        return StatusCodes.CONFLICT;
      case BODY_TOO_LARGE:
        return StatusCodes.PAYLOAD_TOO_LARGE;
      case UNSUPPORTED_MEDIA_TYPE:
        return StatusCodes.UNSUPPORTED_MEDIA_TYPE;
      case BAD_MODULE:
        return StatusCodes.UNPROCESSABLE_ENTITY;
      case UNAVAILABLE:
        return StatusCodes.SERVICE_UNAVAILABLE;
      case MODULE_FAILED:
      case INTERNAL:
      default:
        return StatusCodes.INTERNAL_SERVER_ERROR;
    }
  }

  /** The answer to a failure of {@code kind}; 503s say when to retry. */
  static HttpResponse response(ErrorKind kind, String message, Duration retryAfter) {
    var body = JSON.createObjectNode().put("error", message).put("kind", kind.name());
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("an error body cannot be written", e);
    }
    var response =
        HttpResponse.create()
            .withStatus(statusOf(kind))
            .withEntity(ContentTypes.APPLICATION_JSON, bytes);
    if (kind == ErrorKind.UNAVAILABLE) {
      List<HttpHeader> headers = List.of(RetryAfter.create(Math.max(1, retryAfter.toSeconds())));
      response = response.addHeaders(headers);
    }
    return response;
  }

  /**
   * The answer to whatever a request ran into: the runtime's failures carry their kind, a body over
   * its limit is {@link ErrorKind#BODY_TOO_LARGE}; anything else is a defect of the node, logged.
   */
  static HttpResponse response(Throwable failure, Duration retryAfter) {
    var cause = unwrap(failure);
    if (cause instanceof IntersticeException ours) {
      return response(ours.kind(), ours.getMessage(), retryAfter);
    }
    if (cause instanceof EntityStreamSizeException tooLarge) {
      return tooLarge(tooLarge.limit(), retryAfter);
    }
    if (cause instanceof IllegalRequestException illegal) {
      // Pekko's own refusals while reading a request, such as a body past the server's limit.
      return response(
          kindOf(illegal.info(), illegal.status().intValue()), illegal.info(), retryAfter);
    }
    if (cause instanceof EntityStreamException stream) {
      return response(kindOf(stream.info(), 400), stream.info(), retryAfter);
    }
    if (cause instanceof java.util.concurrent.TimeoutException) {
      return response(
          ErrorKind.UNAVAILABLE, "request timed out: " + cause.getMessage(), retryAfter);
    }
    LOG.error("HTTP request failed unexpectedly", cause);
    return response(ErrorKind.INTERNAL, "internal error: " + cause, retryAfter);
  }

  /** The answer to a body over the {@code limit} of its route. */
  static HttpResponse tooLarge(long limit, Duration retryAfter) {
    return response(
        ErrorKind.BODY_TOO_LARGE,
        "request body is larger than the "
            + limit
            + " bytes this route accepts (interstice.http.max-json-body, max-wasm-body)",
        retryAfter);
  }

  private static HttpResponse response(ErrorKind kind, ErrorInfo info, Duration retryAfter) {
    var message = info.formatPretty();
    if (kind == ErrorKind.BODY_TOO_LARGE) {
      message += " (interstice.http.max-json-body, max-wasm-body)";
    }
    return response(kind, message, retryAfter);
  }

  /**
   * A body past a limit reaches us as a 413, or as a 400 whose summary says so (when the declared
   * length is refused before the body is read).
   */
  private static ErrorKind kindOf(ErrorInfo info, int status) {
    return status == StatusCodes.PAYLOAD_TOO_LARGE.intValue()
            || "Request too large".equals(info.summary())
        ? ErrorKind.BODY_TOO_LARGE
        : ErrorKind.BAD_ARGUMENTS;
  }

  private static Throwable unwrap(Throwable failure) {
    var cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }
}
