package io.interstice.client;

import java.util.Locale;

/**
 * Why a request failed. The first kinds mirror the node's own ({@code "kind"} in its error bodies,
 * docs/http-api.md "Errors"); the last are the client's, for requests no node answered.
 */
public enum ErrorKind {
  /** No module of that name is deployed (404). */
  UNKNOWN_MODULE,
  /** The module has no public reducer or query of that name (404). */
  UNKNOWN_REDUCER,
  /**
   * Malformed request, wrong number or types of arguments, bad {@code limit}/{@code after} (400).
   */
  BAD_ARGUMENTS,
  /** A deploy was refused: not WebAssembly, no such class, an upgrade that cannot apply (422). */
  BAD_MODULE,
  /** The reducer refused the call; the message is the reducer's own (409). */
  REDUCER_FAILED,
  /** A write broke a primary key or unique index (409). */
  CONSTRAINT_VIOLATION,
  /** The module has no public table of that name (404). */
  UNKNOWN_TABLE,
  /** The module's code failed: it trapped or threw (500). */
  MODULE_FAILED,
  /** The node answered nothing in time or is stopping (503): a reducer call may still commit. */
  UNAVAILABLE,
  /** No such route (404). */
  UNKNOWN_ROUTE,
  /** The route exists for other methods (405). */
  METHOD_NOT_ALLOWED,
  /** The node requires a bearer token and got none, or a wrong one (401). */
  UNAUTHORIZED,
  /** The body is larger than the node accepts (413). */
  BODY_TOO_LARGE,
  /** The body's content type is not one the route reads (415). */
  UNSUPPORTED_MEDIA_TYPE,
  /** A defect of the node (500). */
  INTERNAL,
  // The client's own kinds: no node answered the request with an error of its own.
  /** No connection could be made, or it was lost before the answer came. */
  CONNECTION,
  /** No answer within the client's request timeout: a reducer call may still commit. */
  TIMEOUT,
  /** The node answered something this client cannot read. */
  PROTOCOL,
  /**
   * A kind this version of the client does not know ({@link IntersticeClientException#kindName}).
   */
  UNKNOWN;

  /** The kind of a node's {@code "kind"} string; {@link #UNKNOWN} for one this client lacks. */
  public static ErrorKind of(String name) {
    if (name == null) {
      return UNKNOWN;
    }
    try {
      return valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }

  /** The kind of an error answer without a readable body, from its HTTP status alone. */
  public static ErrorKind ofStatus(int status) {
    switch (status) {
      case 400:
        return BAD_ARGUMENTS;
      case 401:
        return UNAUTHORIZED;
      case 404:
        return UNKNOWN_ROUTE;
      case 405:
        return METHOD_NOT_ALLOWED;
      case 413:
        return BODY_TOO_LARGE;
      case 415:
        return UNSUPPORTED_MEDIA_TYPE;
      case 503:
        return UNAVAILABLE;
      default:
        return status >= 500 ? INTERNAL : PROTOCOL;
    }
  }

  /** Whether no node answered: the request may not have reached one, or its answer was lost. */
  public boolean unreachable() {
    return this == CONNECTION || this == TIMEOUT || this == UNAVAILABLE;
  }
}
