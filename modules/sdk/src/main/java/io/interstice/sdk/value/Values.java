package io.interstice.sdk.value;

import java.util.Comparator;
import java.util.List;

/**
 * Checks and orders runtime values against their {@link Type}. Values are plain immutable Java
 * objects (see {@link Type} for the table); a row is an {@code Object[]} of column values in column
 * order that is never mutated once created, so rows can be shared freely between reducers, the log
 * and subscribers (the table store keeps its own encoded copy). Stateless and thread-safe.
 */
public final class Values {
  private static final int MAX_SHOWN_CHARS = 40;

  private Values() {}

  /**
   * Checks that {@code value} is a valid value of {@code type}.
   *
   * @throws ValueTypeException naming the expected type, the value found and its path inside {@code
   *     value} (for example {@code [1].amount})
   */
  public static void check(Type type, Object value) {
    check(type, value, "");
  }

  /**
   * Checks that {@code value} is a valid value of {@code type}; {@code path} names where the value
   * sits for the error message (for example {@code transfer.args[1]} or {@code accounts.balance}).
   *
   * @throws ValueTypeException naming path, expected type and the value found
   */
  public static void check(Type type, Object value, String path) {
    try {
      checkValue(type, value);
    } catch (ValueTypeException e) {
      throw path.isEmpty() ? e : e.under(path);
    }
  }

  private static void checkValue(Type type, Object value) {
    if (value == null) {
      if (type.kind() != Type.Kind.OPTION) {
        throw mismatch(type, null);
      }
      return;
    }
    switch (type.kind()) {
      case BOOL:
        require(type, value, Boolean.class);
        break;
      case I32:
        require(type, value, Integer.class);
        break;
      case I64:
        require(type, value, Long.class);
        break;
      case F32:
        require(type, value, Float.class);
        break;
      case F64:
        require(type, value, Double.class);
        break;
      case STRING:
        require(type, value, String.class);
        int bad = Utf8.firstUnpairedSurrogate((String) value);
        if (bad >= 0) {
          throw new ValueTypeException(
              "", "string", "a string with an unpaired surrogate at index " + bad);
        }
        break;
      case BYTES:
        require(type, value, Bytes.class);
        break;
      case OPTION:
        try {
          checkValue(((OptionType) type).inner(), value);
        } catch (ValueTypeException e) {
          throw e.path().isEmpty() ? new ValueTypeException("", type.toString(), e.found()) : e;
        }
        break;
      case LIST:
        checkList((ListType) type, value);
        break;
      case STRUCT:
        checkStruct((StructType) type, value);
        break;
      case ENUM:
        checkEnum((EnumType) type, value);
        break;
      default:
        throw new IllegalStateException("unknown kind " + type.kind());
    }
  }

  private static void require(Type type, Object value, Class<?> javaClass) {
    if (value.getClass() != javaClass) {
      throw mismatch(type, value);
    }
  }

  private static void checkList(ListType type, Object value) {
    if (!(value instanceof List<?> list)) {
      throw mismatch(type, value);
    }
    for (int i = 0; i < list.size(); i++) {
      try {
        checkValue(type.element(), list.get(i));
      } catch (ValueTypeException e) {
        throw e.under("[" + i + "]");
      }
    }
  }

  private static void checkStruct(StructType type, Object value) {
    if (!(value instanceof StructValue struct)) {
      throw mismatch(type, value);
    }
    var fields = type.fields();
    if (struct.size() != fields.size()) {
      throw new ValueTypeException(
          "", fields.size() + " struct fields (" + type + ")", struct.size() + " fields");
    }
    for (int i = 0; i < fields.size(); i++) {
      try {
        checkValue(fields.get(i).type(), struct.get(i));
      } catch (ValueTypeException e) {
        throw e.under(fields.get(i).name());
      }
    }
  }

  private static void checkEnum(EnumType type, Object value) {
    if (!(value instanceof EnumValue variant)) {
      throw mismatch(type, value);
    }
    var variants = type.variants();
    if (variant.index() >= variants.size()
        || !variants.get(variant.index()).equals(variant.name())) {
      throw new ValueTypeException(
          "", "a variant of " + type, "variant " + variant.index() + " (" + variant.name() + ")");
    }
  }

  private static ValueTypeException mismatch(Type type, Object value) {
    return new ValueTypeException("", type.toString(), describe(value));
  }

  /**
   * A short description of a Java value for error messages: {@code null}, {@code String "abc"},
   * {@code Integer 42}, {@code java.util.Date}.
   */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    var javaClass = value.getClass();
    if (value instanceof String text) {
      return "String " + quote(text);
    }
    if (value instanceof Number || value instanceof Boolean || value instanceof Bytes) {
      return javaClass.getSimpleName() + " " + value;
    }
    if (value instanceof EnumValue || value instanceof StructValue) {
      return javaClass.getSimpleName() + " " + value;
    }
    if (value instanceof List<?> list) {
      return "list of " + list.size() + " elements";
    }
    return javaClass.getName();
  }

  /** {@code text} in double quotes, cut after 40 characters. */
  public static String quote(String text) {
    if (text.length() <= MAX_SHOWN_CHARS) {
      return "\"" + text + "\"";
    }
    return "\"" + text.substring(0, MAX_SHOWN_CHARS) + "…\" (" + text.length() + " chars)";
  }

  /**
   * The total order of values of {@code type} used by btree indexes: none ({@code null}) before any
   * value; bool false before true; integers numerically; floats by {@link Float#compare} / {@link
   * Double#compare} (-0 before +0, NaN last); strings by Unicode code point (the order of their
   * UTF-8 bytes); bytes lexicographically over unsigned bytes; lists and structs lexicographically,
   * element by element, a shorter list first; enums by variant index. Both values must be valid for
   * {@code type}.
   */
  public static int compare(Type type, Object a, Object b) {
    if (a == b) {
      return 0;
    }
    if (a == null || b == null) {
      return a == null ? -1 : 1;
    }
    switch (type.kind()) {
      case BOOL:
        return Boolean.compare((Boolean) a, (Boolean) b);
      case I32:
        return Integer.compare((Integer) a, (Integer) b);
      case I64:
        return Long.compare((Long) a, (Long) b);
      case F32:
        return Float.compare((Float) a, (Float) b);
      case F64:
        return Double.compare((Double) a, (Double) b);
      case STRING:
        return compareCodePoints((String) a, (String) b);
      case BYTES:
        return ((Bytes) a).compareTo((Bytes) b);
      case OPTION:
        return compare(((OptionType) type).inner(), a, b);
      case LIST:
        return compareLists(((ListType) type).element(), (List<?>) a, (List<?>) b);
      case STRUCT:
        return compareStructs((StructType) type, (StructValue) a, (StructValue) b);
      case ENUM:
        return Integer.compare(((EnumValue) a).index(), ((EnumValue) b).index());
      default:
        throw new IllegalStateException("unknown kind " + type.kind());
    }
  }

  /**
   * The zero value of {@code type}, which an upgrade fills into a column it adds or retypes when
   * the column has no default: {@code false}, {@code 0}, {@code 0L}, {@code 0.0f}, {@code 0.0}, the
   * empty string, empty bytes, none ({@code null}) for an option, the empty list, a struct of its
   * fields' zero values, and the first variant of an enum.
   */
  public static Object zero(Type type) {
    switch (type.kind()) {
      case BOOL:
        return Boolean.FALSE;
      case I32:
        return 0;
      case I64:
        return 0L;
      case F32:
        return 0.0f;
      case F64:
        return 0.0;
      case STRING:
        return "";
      case BYTES:
        return Bytes.empty();
      case OPTION:
        return null;
      case LIST:
        return List.of();
      case STRUCT:
        var fields = ((StructType) type).fields();
        var values = new Object[fields.size()];
        for (int i = 0; i < values.length; i++) {
          values[i] = zero(fields.get(i).type());
        }
        return StructValue.of(values);
      case ENUM:
        return ((EnumType) type).value(0);
      default:
        throw new IllegalStateException("unknown kind " + type.kind());
    }
  }

  /**
   * {@link #compare} as a comparator for one type, specialised for scalar types so that the table
   * store's lookups compare without dispatching on the type each time (they are the runtime's
   * hottest comparisons).
   */
  public static Comparator<Object> comparator(Type type) {
    switch (type.kind()) {
      case BOOL:
        return (a, b) -> Boolean.compare((Boolean) a, (Boolean) b);
      case I32:
        return (a, b) -> Integer.compare((Integer) a, (Integer) b);
      case I64:
        return (a, b) -> Long.compare((Long) a, (Long) b);
      case F32:
        return (a, b) -> Float.compare((Float) a, (Float) b);
      case F64:
        return (a, b) -> Double.compare((Double) a, (Double) b);
      case STRING:
        return (a, b) -> a == b ? 0 : compareCodePoints((String) a, (String) b);
      case BYTES:
        return (a, b) -> ((Bytes) a).compareTo((Bytes) b);
      case OPTION:
        var inner = comparator(((OptionType) type).inner());
        return (a, b) -> {
          if (a == null || b == null) {
            return a == b ? 0 : a == null ? -1 : 1;
          }
          return inner.compare(a, b);
        };
      default:
        return (a, b) -> compare(type, a, b);
    }
  }

  /**
   * Compares by code point. {@link String#compareTo} compares UTF-16 units, which puts U+E000 to
   * U+FFFF after supplementary characters; this shifts surrogates above them first.
   */
  private static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return Integer.compare(codePointRank(x), codePointRank(y));
      }
    }
    return Integer.compare(a.length(), b.length());
  }

  private static int codePointRank(char c) {
    if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
      return c + 0x2000;
    }
    if (c > Character.MAX_SURROGATE) {
      return c - 0x800;
    }
    return c;
  }

  private static int compareLists(Type element, List<?> a, List<?> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int order = compare(element, a.get(i), b.get(i));
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static int compareStructs(StructType type, StructValue a, StructValue b) {
    var fields = type.fields();
    for (int i = 0; i < fields.size(); i++) {
      int order = compare(fields.get(i).type(), a.get(i), b.get(i));
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }
}
