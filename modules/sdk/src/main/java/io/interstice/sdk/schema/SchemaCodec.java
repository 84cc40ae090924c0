package io.interstice.sdk.schema;

import io.interstice.sdk.codec.BinaryFormatException;
import io.interstice.sdk.codec.BinaryReader;
import io.interstice.sdk.codec.BinaryWriter;
import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.codec.RowEncodingException;
import io.interstice.sdk.value.EnumType;
import io.interstice.sdk.value.InvalidTypeException;
import io.interstice.sdk.value.ListType;
import io.interstice.sdk.value.OptionType;
import io.interstice.sdk.value.ScalarType;
import io.interstice.sdk.value.StructType;
import io.interstice.sdk.value.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of a {@link ModuleSchema}, stored in the log inside {@code ModuleDeployed} and
 * {@code ModuleUpgraded} events (which carry their own CRC, so this format has none) and usable by
 * WASM guests to describe their schema. It is built from the primitives of {@link RowCodec}:
 * little-endian numbers, unsigned LEB128 varints, strings as varint length + UTF-8; {@code u8}
 * below is one byte.
 *
 * <pre>
 * header     4  magic "ISCH" (bytes 0x49 0x53 0x43 0x48)
 *            2  format version, u16 little-endian, currently 1
 * module        string name, varint version, u8 visibility,
 *               varint n + n tables, varint n + n reducers, varint n + n queries,
 *               varint n + n subscriptions
 * table         string name, varint n + n columns, varint primary key column + 1 (0 = none),
 *               u8 auto-increment (0|1), varint n + n indexes, u8 persistence, u8 visibility
 * column        string name, type, u8 has default (0|1), [default value in RowCodec encoding
 *               of the column type]
 * index         string name, varint n + n column positions (varints), u8 kind, u8 unique (0|1)
 * reducer       string name, params, u8 visibility, u8 lifecycle
 * query         string name, params, result type
 * params        varint n, then n times: string name, type
 * subscription  string module, string table, u8 event, string reducer
 * type          u8 tag, then: 1 bool | 2 i32 | 3 i64 | 4 f32 | 5 f64 | 6 string | 7 bytes
 *               (nothing more) | 8 option: inner type | 9 list: element type |
 *               10 struct: varint n &gt;= 1, n times string name + type |
 *               11 enum: varint n &gt;= 1, n variant names (strings)
 *
 * visibility  0 public, 1 private        persistence  0 logged, 1 ephemeral
 * kind        0 btree, 1 hash            lifecycle    0 none, 1 init, 2 upgrade
 * event       0 insert, 1 update, 2 delete
 * </pre>
 *
 * The same description is in {@code docs/schema-encoding.md}. A reader refuses another magic,
 * another version, unknown codes, types nested deeper than {@value #MAX_TYPE_DEPTH} levels and
 * trailing bytes. Decoding does not validate the schema ({@link ModuleSchema#validate()} does).
 * Stateless and thread-safe.
 */
public final class SchemaCodec {
  static final byte[] MAGIC = {'I', 'S', 'C', 'H'};
  public static final int VERSION = 1;
  static final int MAX_TYPE_DEPTH = 64;

  private static final Visibility[] VISIBILITIES = {Visibility.PUBLIC, Visibility.PRIVATE};
  private static final Persistence[] PERSISTENCES = {Persistence.LOGGED, Persistence.EPHEMERAL};
  private static final IndexKind[] INDEX_KINDS = {IndexKind.BTREE, IndexKind.HASH};
  private static final Lifecycle[] LIFECYCLES = {Lifecycle.NONE, Lifecycle.INIT, Lifecycle.UPGRADE};
  private static final RowEvent[] EVENTS = {RowEvent.INSERT, RowEvent.UPDATE, RowEvent.DELETE};
  private static final Type.Kind[] TYPE_TAGS = {
    null,
    Type.Kind.BOOL,
    Type.Kind.I32,
    Type.Kind.I64,
    Type.Kind.F32,
    Type.Kind.F64,
    Type.Kind.STRING,
    Type.Kind.BYTES,
    Type.Kind.OPTION,
    Type.Kind.LIST,
    Type.Kind.STRUCT,
    Type.Kind.ENUM
  };

  private SchemaCodec() {}

  /**
   * Encodes a schema.
   *
   * @throws SchemaEncodingException when a column default does not match its column type or a
   *     string has no UTF-8 form
   */
  public static byte[] encode(ModuleSchema schema) {
    var out = new BinaryWriter(256);
    for (byte b : MAGIC) {
      out.u8(b);
    }
    out.u8(VERSION & 0xFF).u8(VERSION >>> 8);
    try {
      writeModule(out, schema);
    } catch (BinaryFormatException e) {
      throw new SchemaEncodingException(e.offset(), "cannot encode: " + e.reason());
    }
    return out.toByteArray();
  }

  /**
   * Decodes a schema that fills all of {@code bytes}.
   *
   * @throws SchemaEncodingException when the bytes are not a schema in this format and version
   */
  public static ModuleSchema decode(byte[] bytes) {
    var in = new BinaryReader(bytes);
    try {
      for (byte expected : MAGIC) {
        if (in.remaining() == 0 || in.u8() != (expected & 0xFF)) {
          throw new SchemaEncodingException(0, "not an Interstice module schema (bad magic)");
        }
      }
      int version = in.u8() | (in.u8() << 8);
      if (version != VERSION) {
        throw new SchemaEncodingException(
            4, "schema format version " + version + "; this build reads version " + VERSION);
      }
      var schema = readModule(in);
      in.requireEnd("the schema");
      return schema;
    } catch (BinaryFormatException e) {
      throw new SchemaEncodingException(e.offset(), e.reason());
    } catch (RowEncodingException e) {
      throw new SchemaEncodingException(e.offset(), e.getMessage());
    }
  }

  private static void writeModule(BinaryWriter out, ModuleSchema schema) {
    out.string(schema.name()).varint(schema.version()).u8(code(VISIBILITIES, schema.visibility()));
    out.varint(schema.tables().size());
    for (var table : schema.tables()) {
      writeTable(out, table);
    }
    out.varint(schema.reducers().size());
    for (var reducer : schema.reducers()) {
      out.string(reducer.name());
      writeParams(out, reducer.params());
      out.u8(code(VISIBILITIES, reducer.visibility())).u8(code(LIFECYCLES, reducer.lifecycle()));
    }
    out.varint(schema.queries().size());
    for (var query : schema.queries()) {
      out.string(query.name());
      writeParams(out, query.params());
      writeType(out, query.resultType());
    }
    out.varint(schema.subscriptions().size());
    for (var subscription : schema.subscriptions()) {
      out.string(subscription.module()).string(subscription.table());
      out.u8(code(EVENTS, subscription.event())).string(subscription.reducer());
    }
  }

  /**
   * Appends one table in this format's table encoding; for formats that carry a table without its
   * module (the messages between nodes).
   *
   * @throws SchemaEncodingException when a column default does not match its column type
   */
  public static void writeTable(BinaryWriter out, TableSchema table) {
    out.string(table.name()).varint(table.columns().size());
    for (var column : table.columns()) {
      out.string(column.name());
      writeType(out, column.type());
      out.u8(column.hasDefault() ? 1 : 0);
      if (column.hasDefault()) {
        try {
          RowCodec.writeValue(out, column.type(), column.defaultValue());
        } catch (RowEncodingException e) {
          throw new SchemaEncodingException(
              e.offset(),
              "table "
                  + table.name()
                  + ", column "
                  + column.name()
                  + " default: "
                  + e.getMessage());
        }
      }
    }
    out.varint(table.primaryKey() + 1).u8(table.autoIncrement() ? 1 : 0);
    out.varint(table.indexes().size());
    for (var index : table.indexes()) {
      out.string(index.name()).varint(index.columns().size());
      for (int column : index.columns()) {
        out.varint(column);
      }
      out.u8(code(INDEX_KINDS, index.kind())).u8(index.unique() ? 1 : 0);
    }
    out.u8(code(PERSISTENCES, table.persistence())).u8(code(VISIBILITIES, table.visibility()));
  }

  private static void writeParams(BinaryWriter out, List<ParamSchema> params) {
    out.varint(params.size());
    for (var param : params) {
      out.string(param.name());
      writeType(out, param.type());
    }
  }

  /**
   * Appends one type in this format's type encoding; for formats that carry a type without a schema
   * (the messages between nodes).
   */
  public static void writeType(BinaryWriter out, Type type) {
    out.u8(code(TYPE_TAGS, type.kind()));
    switch (type.kind()) {
      case OPTION:
        writeType(out, ((OptionType) type).inner());
        break;
      case LIST:
        writeType(out, ((ListType) type).element());
        break;
      case STRUCT:
        var fields = ((StructType) type).fields();
        out.varint(fields.size());
        for (var field : fields) {
          out.string(field.name());
          writeType(out, field.type());
        }
        break;
      case ENUM:
        var variants = ((EnumType) type).variants();
        out.varint(variants.size());
        for (var variant : variants) {
          out.string(variant);
        }
        break;
      default:
        break;
    }
  }

  private static ModuleSchema readModule(BinaryReader in) {
    var name = in.string();
    int version = in.varint();
    var visibility = decode(in, VISIBILITIES, "visibility");
    var tables = new ArrayList<TableSchema>();
    for (int i = in.count("table count"); i > 0; i--) {
      tables.add(readTable(in));
    }
    var reducers = new ArrayList<ReducerSchema>();
    for (int i = in.count("reducer count"); i > 0; i--) {
      var reducerName = in.string();
      var params = readParams(in);
      reducers.add(
          new ReducerSchema(
              reducerName,
              params,
              decode(in, VISIBILITIES, "visibility"),
              decode(in, LIFECYCLES, "lifecycle")));
    }
    var queries = new ArrayList<QuerySchema>();
    for (int i = in.count("query count"); i > 0; i--) {
      var queryName = in.string();
      var params = readParams(in);
      queries.add(new QuerySchema(queryName, params, readType(in, 0)));
    }
    var subscriptions = new ArrayList<SubscriptionSchema>();
    for (int i = in.count("subscription count"); i > 0; i--) {
      var module = in.string();
      var table = in.string();
      var event = decode(in, EVENTS, "row event");
      subscriptions.add(new SubscriptionSchema(module, table, event, in.string()));
    }
    return new ModuleSchema(name, version, visibility, tables, reducers, queries, subscriptions);
  }

  /**
   * Reads one table written by {@link #writeTable}; not validated, as for {@link #decode}.
   *
   * @throws BinaryFormatException when the bytes are not such a table
   * @throws RowEncodingException when a column default is not a value of its column type
   */
  public static TableSchema readTable(BinaryReader in) {
    var name = in.string();
    var columns = new ArrayList<ColumnSchema>();
    for (int i = in.count("column count"); i > 0; i--) {
      var columnName = in.string();
      var type = readType(in, 0);
      Object defaultValue = readFlag(in, "has-default flag") ? RowCodec.readValue(in, type) : null;
      columns.add(new ColumnSchema(columnName, type, defaultValue));
    }
    int primaryKey = in.varint() - 1;
    boolean autoIncrement = readFlag(in, "auto-increment flag");
    var indexes = new ArrayList<IndexSchema>();
    for (int i = in.count("index count"); i > 0; i--) {
      var indexName = in.string();
      var indexColumns = new ArrayList<Integer>();
      for (int c = in.count("index column count"); c > 0; c--) {
        indexColumns.add(in.varint());
      }
      var kind = decode(in, INDEX_KINDS, "index kind");
      indexes.add(new IndexSchema(indexName, indexColumns, kind, readFlag(in, "unique flag")));
    }
    var persistence = decode(in, PERSISTENCES, "persistence");
    var visibility = decode(in, VISIBILITIES, "visibility");
    return new TableSchema(
        name, columns, primaryKey, autoIncrement, indexes, persistence, visibility);
  }

  private static List<ParamSchema> readParams(BinaryReader in) {
    var params = new ArrayList<ParamSchema>();
    for (int i = in.count("parameter count"); i > 0; i--) {
      var name = in.string();
      params.add(new ParamSchema(name, readType(in, 0)));
    }
    return params;
  }

  /**
   * Reads one type written by {@link #writeType}.
   *
   * @throws BinaryFormatException when the bytes are not a type, or one nested deeper than 64
   *     levels
   */
  public static Type readType(BinaryReader in) {
    return readType(in, 0);
  }

  private static Type readType(BinaryReader in, int depth) {
    int at = in.position();
    if (depth >= MAX_TYPE_DEPTH) {
      throw new BinaryFormatException(at, "type nested deeper than " + MAX_TYPE_DEPTH + " levels");
    }
    var kind = decode(in, TYPE_TAGS, "type tag");
    if (kind == null) {
      throw new BinaryFormatException(at, "type tag 0 is not a type");
    }
    try {
      switch (kind) {
        case OPTION:
          return Type.option(readType(in, depth + 1));
        case LIST:
          return Type.list(readType(in, depth + 1));
        case STRUCT:
          var fields = new ArrayList<StructType.Field>();
          for (int i = in.count("struct field count"); i > 0; i--) {
            var name = in.string();
            fields.add(Type.field(name, readType(in, depth + 1)));
          }
          return new StructType(fields);
        case ENUM:
          var variants = new ArrayList<String>();
          for (int i = in.count("enum variant count"); i > 0; i--) {
            variants.add(in.string());
          }
          return new EnumType(variants);
        default:
          return ScalarType.of(kind);
      }
    } catch (InvalidTypeException e) {
      throw new BinaryFormatException(at, e.getMessage());
    }
  }

  private static boolean readFlag(BinaryReader in, String what) {
    int at = in.position();
    int b = in.u8();
    if (b > 1) {
      throw new BinaryFormatException(at, "invalid " + what + " " + b + " (expected 0 or 1)");
    }
    return b == 1;
  }

  private static <T> T decode(BinaryReader in, T[] codes, String what) {
    int at = in.position();
    int code = in.u8();
    if (code >= codes.length) {
      throw new BinaryFormatException(at, "unknown " + what + " code " + code);
    }
    return codes[code];
  }

  private static <T> int code(T[] codes, T value) {
    for (int i = 0; i < codes.length; i++) {
      if (value.equals(codes[i])) {
        return i;
      }
    }
    throw new IllegalStateException("no code for " + value);
  }
}
