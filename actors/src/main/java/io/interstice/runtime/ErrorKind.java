package io.interstice.runtime;

/**
 * Why a deploy, reducer call or query was refused or failed. Each kind maps to one HTTP status on
 * the HTTP interface; the message carries the details.
 */
public enum ErrorKind {
  /** No module of that name is deployed. */
  UNKNOWN_MODULE,
  /** The module has no public reducer or query of that name. */
  UNKNOWN_REDUCER,
  /** Wrong number or types of arguments, or values out of range. */
  BAD_ARGUMENTS,
  /** The module code was refused: not a module, a mistake in its definition, a changed schema. */
  BAD_MODULE,
  /** The reducer refused the call ({@code ReducerException}): insufficient funds and the like. */
  REDUCER_FAILED,
  /** A write broke a primary key or unique index constraint, or updated a missing row. */
  CONSTRAINT_VIOLATION,
  /** The module has no public table of that name. */
  UNKNOWN_TABLE,
  /** The module code failed unexpectedly (an exception other than a refusal). */
  MODULE_FAILED,
  /** The call could not be completed in time or the node is shutting down. */
  UNAVAILABLE,
  // The kinds below are the HTTP interface's own: the request never reached a module.
  /** No such route: the path names nothing the API serves. */
  UNKNOWN_ROUTE,
  /** The route exists, but not for this HTTP method. */
  METHOD_NOT_ALLOWED,
  /** A bearer token is required and the request has none, or a wrong one. */
  UNAUTHORIZED,
  /** The request body is larger than the node accepts ({@code interstice.http.max-*-body}). */
  BODY_TOO_LARGE,
  /** The request body's content type is not one the route reads. */
  UNSUPPORTED_MEDIA_TYPE,
  /** A defect of the node itself, logged with its stack trace. */
  INTERNAL
}
