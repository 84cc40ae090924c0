package io.interstice.runtime.cluster;

import io.interstice.runtime.ErrorKind;
import io.interstice.runtime.LiveUpdate;
import io.interstice.sdk.codec.BinaryFormatException;
import io.interstice.sdk.codec.BinaryReader;
import io.interstice.sdk.schema.RowEvent;
import java.util.EnumMap;
import java.util.Map;

/**
 * The one-byte codes of the enumerations that travel between nodes. They are part of the wire
 * format: a new constant gets the next code, and no code is ever reused or renumbered (a Java
 * constant's ordinal is not a code: reordering the enum must not change the wire).
 *
 * <pre>
 * error kind   1 UNKNOWN_MODULE, 2 UNKNOWN_REDUCER, 3 BAD_ARGUMENTS, 4 BAD_MODULE,
 *              5 REDUCER_FAILED, 6 CONSTRAINT_VIOLATION, 7 UNKNOWN_TABLE, 8 MODULE_FAILED,
 *              9 UNAVAILABLE, 10 UNKNOWN_ROUTE, 11 METHOD_NOT_ALLOWED, 12 UNAUTHORIZED,
 *              13 BODY_TOO_LARGE, 14 UNSUPPORTED_MEDIA_TYPE, 15 INTERNAL
 * row change   1 insert, 2 update, 3 delete   (live updates)
 * row event    0 insert, 1 update, 2 delete   (subscriptions, as in the schema encoding)
 * module code  1 Java class, 2 WebAssembly    (as in the log's ModuleDeployed)
 * arguments    1 values, 2 JSON
 * </pre>
 *
 * Outbox entry kinds travel as their log codes ({@code OutboxEntry.Kind}). Stateless and
 * thread-safe.
 */
final class WireCodes {
  static final int CODE_JAVA_CLASS = 1;
  static final int CODE_WASM = 2;
  static final int ARGS_VALUES = 1;
  static final int ARGS_JSON = 2;

  private static final ErrorKind[] ERROR_KINDS = {
    null,
    ErrorKind.UNKNOWN_MODULE,
    ErrorKind.UNKNOWN_REDUCER,
    ErrorKind.BAD_ARGUMENTS,
    ErrorKind.BAD_MODULE,
    ErrorKind.REDUCER_FAILED,
    ErrorKind.CONSTRAINT_VIOLATION,
    ErrorKind.UNKNOWN_TABLE,
    ErrorKind.MODULE_FAILED,
    ErrorKind.UNAVAILABLE,
    ErrorKind.UNKNOWN_ROUTE,
    ErrorKind.METHOD_NOT_ALLOWED,
    ErrorKind.UNAUTHORIZED,
    ErrorKind.BODY_TOO_LARGE,
    ErrorKind.UNSUPPORTED_MEDIA_TYPE,
    ErrorKind.INTERNAL
  };

  private static final LiveUpdate.Kind[] ROW_CHANGES = {
    null, LiveUpdate.Kind.INSERT, LiveUpdate.Kind.UPDATE, LiveUpdate.Kind.DELETE
  };

  private static final RowEvent[] ROW_EVENTS = {RowEvent.INSERT, RowEvent.UPDATE, RowEvent.DELETE};

  private static final Map<ErrorKind, Integer> ERROR_CODES = codes(ErrorKind.class, ERROR_KINDS);
  private static final Map<LiveUpdate.Kind, Integer> CHANGE_CODES =
      codes(LiveUpdate.Kind.class, ROW_CHANGES);
  private static final Map<RowEvent, Integer> EVENT_CODES = codes(RowEvent.class, ROW_EVENTS);

  private WireCodes() {}

  static int code(ErrorKind kind) {
    return code(ERROR_CODES, kind);
  }

  static ErrorKind errorKind(BinaryReader in) {
    return decode(in, ERROR_KINDS, "error kind");
  }

  static int code(LiveUpdate.Kind kind) {
    return code(CHANGE_CODES, kind);
  }

  static LiveUpdate.Kind rowChange(BinaryReader in) {
    return decode(in, ROW_CHANGES, "row change kind");
  }

  static int code(RowEvent event) {
    return code(EVENT_CODES, event);
  }

  static RowEvent rowEvent(BinaryReader in) {
    return decode(in, ROW_EVENTS, "row event");
  }

  private static <E extends Enum<E>> Map<E, Integer> codes(Class<E> type, E[] table) {
    var codes = new EnumMap<E, Integer>(type);
    for (int code = 0; code < table.length; code++) {
      if (table[code] != null) {
        codes.put(table[code], code);
      }
    }
    return codes;
  }

  private static <E extends Enum<E>> int code(Map<E, Integer> codes, E constant) {
    var code = codes.get(constant);
    if (code == null) {
      throw new IllegalStateException(
          constant.getDeclaringClass().getSimpleName()
              + "."
              + constant
              + " has no code on the wire; give it the next one in WireCodes");
    }
    return code;
  }

  private static <E> E decode(BinaryReader in, E[] table, String what) {
    int at = in.position();
    int code = in.u8();
    if (code >= table.length || table[code] == null) {
      throw new BinaryFormatException(at, "unknown " + what + " code " + code);
    }
    return table[code];
  }
}
