package io.interstice.sdk.wasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.interstice.sdk.codec.RowCodec;
import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.Lifecycle;
import io.interstice.sdk.schema.ModuleSchema;
import io.interstice.sdk.schema.ParamSchema;
import io.interstice.sdk.schema.QuerySchema;
import io.interstice.sdk.schema.ReducerSchema;
import io.interstice.sdk.schema.TableSchema;
import io.interstice.sdk.schema.Visibility;
import io.interstice.sdk.value.Type;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the committed {@code .wasm} of the examples (C, and the Rust hello) against a stub host:
 * their schema, described by their SDK in the {@code SchemaCodec} encoding, must decode to exactly
 * the expected one, and their reducers and queries must speak the row encoding and the statuses of
 * ABI version 1.
 */
class ExampleGuestsTest {
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final Path HELLO = EXAMPLES.resolve("hello-wasm/hello.wasm");
  private static final Path HELLO_RUST = EXAMPLES.resolve("hello-rust/hello.wasm");
  private static final Path BANK = EXAMPLES.resolve("bank-wasm/bank.wasm");

  private static final int HELLO_REDUCER = 1;
  private static final int BANK_OPEN = 1;
  private static final int BANK_TRANSFER = 2;
  private static final int BANK_BALANCE = 1;

  @Test
  void shouldFollowAbiVersion1() {
    assertEquals(1, StubHost.load(HELLO).abiVersion());
    assertEquals(1, StubHost.load(BANK).abiVersion());
    assertEquals(1, StubHost.load(HELLO_RUST).abiVersion());
  }

  private static TableSchema greetings() {
    return TableSchema.builder("greetings")
        .column("id", Type.i64())
        .column("name", Type.string())
        .column("greeting", Type.string())
        .primaryKey("id")
        .autoIncrement()
        .build();
  }

  private static ModuleSchema.Builder helloSchema(String name) {
    return ModuleSchema.builder(name)
        .table(greetings())
        .reducer(new ReducerSchema("init", List.of(), Visibility.PRIVATE, Lifecycle.INIT))
        .reducer(ReducerSchema.of("hello", ParamSchema.of("name", Type.string())));
  }

  @Test
  void shouldDescribeTheHelloSchemaExactly() {
    var schema = StubHost.load(HELLO).describe();

    assertEquals(helloSchema("hello").build(), schema);
    assertEquals(List.of(), schema.validate());
  }

  @Test
  void shouldDescribeTheHelloRustSchemaExactly() {
    var expected =
        helloSchema("hello_rust")
            .query(
                QuerySchema.of(
                    "greeting", Type.option(Type.string()), ParamSchema.of("id", Type.i64())))
            .build();

    var schema = StubHost.load(HELLO_RUST).describe();

    assertEquals(expected, schema);
    assertEquals(List.of(), schema.validate());
  }

  @Test
  void shouldDescribeTheSchemaOfTheJavaBankExample() {
    var accounts =
        TableSchema.builder("accounts")
            .column("id", Type.i64())
            .column("owner", Type.string())
            .column("balance", Type.i64())
            .primaryKey("id")
            .autoIncrement()
            .uniqueIndex("owner", IndexKind.BTREE, "owner")
            .build();
    var account =
        Type.struct(
            Type.field("id", Type.i64()),
            Type.field("owner", Type.string()),
            Type.field("balance", Type.i64()));
    var expected =
        ModuleSchema.builder("bank")
            .table(accounts)
            .reducer(
                ReducerSchema.of(
                    "deposit",
                    ParamSchema.of("account", Type.i64()),
                    ParamSchema.of("amount", Type.i64())))
            .reducer(
                ReducerSchema.of(
                    "open",
                    ParamSchema.of("owner", Type.string()),
                    ParamSchema.of("initial_balance", Type.i64())))
            .reducer(
                ReducerSchema.of(
                    "transfer",
                    ParamSchema.of("from", Type.i64()),
                    ParamSchema.of("to", Type.i64()),
                    ParamSchema.of("amount", Type.i64())))
            .query(
                QuerySchema.of(
                    "account", Type.option(account), ParamSchema.of("owner", Type.string())))
            .query(QuerySchema.of("balance", Type.i64(), ParamSchema.of("account", Type.i64())))
            .build();

    var schema = StubHost.load(BANK).describe();

    assertEquals(expected, schema);
    assertEquals(List.of(), schema.validate());
  }

  @ParameterizedTest
  @ValueSource(strings = {"hello-wasm/hello.wasm", "hello-rust/hello.wasm"})
  void shouldInsertTheGreetingInTheRowEncoding(String example) {
    var host = StubHost.load(EXAMPLES.resolve(example));
    var hello = host.describe().reducers().get(HELLO_REDUCER);

    int status =
        host.callReducer(
            HELLO_REDUCER, RowCodec.encodeValues(hello.paramTypes(), new Object[] {"Ada"}));

    assertEquals(StubHost.STATUS_OK, status);
    var greetings = host.describe().tables().get(0);
    assertEquals(1, host.inserted.size());
    assertArrayEquals(
        new Object[] {0L, "Ada", "Hello, Ada!"},
        RowCodec.decodeRow(greetings, host.inserted.get(0)));
    assertEquals(List.of("Hello, Ada!"), host.logged);
  }

  @ParameterizedTest
  @ValueSource(strings = {"hello-wasm/hello.wasm", "hello-rust/hello.wasm"})
  void shouldRefuseAnEmptyNameWithAMessage(String example) {
    var host = StubHost.load(EXAMPLES.resolve(example));

    int status = host.callReducer(HELLO_REDUCER, new byte[] {0});

    assertEquals(1, status);
    assertEquals("name must not be empty", host.outputText());
    assertEquals(List.of(), host.inserted);
  }

  @Test
  void shouldOpenAnAccountWithTheGivenOwnerAndBalance() {
    var host = StubHost.load(BANK);
    var schema = host.describe();
    var open = schema.reducers().get(BANK_OPEN);

    int status =
        host.callReducer(
            BANK_OPEN, RowCodec.encodeValues(open.paramTypes(), new Object[] {"alice", 100L}));

    assertEquals(StubHost.STATUS_OK, status);
    assertArrayEquals(
        new Object[] {0L, "alice", 100L},
        RowCodec.decodeRow(schema.tables().get(0), host.inserted.get(0)));
  }

  @Test
  void shouldRefuseLikeTheJavaBank() {
    var host = StubHost.load(BANK);
    var schema = host.describe();
    var open = schema.reducers().get(BANK_OPEN).paramTypes();
    var transfer = schema.reducers().get(BANK_TRANSFER).paramTypes();

    assertEquals(
        1, host.callReducer(BANK_OPEN, RowCodec.encodeValues(open, new Object[] {" ", 1L})));
    assertEquals("owner must not be blank", host.outputText());
    assertEquals(
        1, host.callReducer(BANK_OPEN, RowCodec.encodeValues(open, new Object[] {"bob", -5L})));
    assertEquals("initial balance must not be negative, got -5", host.outputText());
    assertEquals(
        1,
        host.callReducer(
            BANK_TRANSFER, RowCodec.encodeValues(transfer, new Object[] {3L, 3L, 10L})));
    assertEquals("cannot transfer from account 3 to itself", host.outputText());
    assertEquals(
        1,
        host.callReducer(
            BANK_TRANSFER, RowCodec.encodeValues(transfer, new Object[] {1L, 2L, 0L})));
    assertEquals("amount must be positive, got 0", host.outputText());
    assertEquals(
        1,
        host.callReducer(
            BANK_TRANSFER, RowCodec.encodeValues(transfer, new Object[] {1L, 2L, 10L})));
    assertEquals("no account 1", host.outputText());
    assertEquals(List.of(), host.inserted);
  }

  @Test
  void shouldRefuseTheBalanceOfAMissingAccount() {
    var host = StubHost.load(BANK);

    int status = host.callQuery(BANK_BALANCE, RowCodec.encodeValue(Type.i64(), 7L));

    assertEquals(1, status);
    assertEquals("no account 7", host.outputText());
  }
}
