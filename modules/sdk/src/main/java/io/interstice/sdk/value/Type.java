package io.interstice.sdk.value;

import java.util.Arrays;
import java.util.List;

/**
 * The type of a value stored in a table column, passed to a reducer or returned by a query. The set
 * is closed and language-neutral, so the same schema describes Java and WASM modules alike:
 *
 * <table>
 *   <caption>value types and their runtime representation</caption>
 *   <tr><th>type</th><th>Java value</th></tr>
 *   <tr><td>{@code bool}</td><td>{@link Boolean}</td></tr>
 *   <tr><td>{@code i32}</td><td>{@link Integer}</td></tr>
 *   <tr><td>{@code i64}</td><td>{@link Long}</td></tr>
 *   <tr><td>{@code f32}</td><td>{@link Float}</td></tr>
 *   <tr><td>{@code f64}</td><td>{@link Double}</td></tr>
 *   <tr><td>{@code string}</td><td>{@link String} (well-formed UTF-16: no unpaired surrogate)</td></tr>
 *   <tr><td>{@code bytes}</td><td>{@link Bytes}</td></tr>
 *   <tr><td>{@code option<T>}</td><td>{@code null} for none, else the value of {@code T}</td></tr>
 *   <tr><td>{@code list<T>}</td><td>an unmodifiable {@link java.util.List}</td></tr>
 *   <tr><td>{@code struct{...}}</td><td>{@link StructValue}</td></tr>
 *   <tr><td>{@code enum{...}}</td><td>{@link EnumValue}</td></tr>
 * </table>
 *
 * <p>Because none is {@code null}, {@code option<option<T>>} cannot be told apart from {@code
 * option<T>} and is refused. Types are immutable values with structural equality; {@link
 * #toString()} gives the display name used in schemas and error messages ({@code option<i64>},
 * {@code struct{amount: i64, memo: string}}).
 */
public sealed interface Type permits ScalarType, OptionType, ListType, StructType, EnumType {

  /** What kind of type this is; switch on it (with a classic switch) to handle every type. */
  enum Kind {
    BOOL("bool"),
    I32("i32"),
    I64("i64"),
    F32("f32"),
    F64("f64"),
    STRING("string"),
    BYTES("bytes"),
    OPTION("option"),
    LIST("list"),
    STRUCT("struct"),
    ENUM("enum");

    private final String displayName;

    Kind(String displayName) {
      this.displayName = displayName;
    }

    /** The lower-case name used in schemas: {@code i64}, {@code option}, … */
    public String displayName() {
      return displayName;
    }

    /** Whether values of this kind have no inner types (bool, numbers, string, bytes). */
    public boolean isScalar() {
      return ordinal() <= BYTES.ordinal();
    }
  }

  Kind kind();

  static ScalarType bool() {
    return ScalarType.BOOL;
  }

  static ScalarType i32() {
    return ScalarType.I32;
  }

  static ScalarType i64() {
    return ScalarType.I64;
  }

  static ScalarType f32() {
    return ScalarType.F32;
  }

  static ScalarType f64() {
    return ScalarType.F64;
  }

  static ScalarType string() {
    return ScalarType.STRING;
  }

  static ScalarType bytes() {
    return ScalarType.BYTES;
  }

  static OptionType option(Type inner) {
    return new OptionType(inner);
  }

  static ListType list(Type element) {
    return new ListType(element);
  }

  static StructType struct(StructType.Field... fields) {
    return new StructType(List.of(fields));
  }

  static StructType.Field field(String name, Type type) {
    return new StructType.Field(name, type);
  }

  static EnumType enumOf(String... variants) {
    return new EnumType(Arrays.asList(variants));
  }
}
