package io.interstice.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.sdk.Module;
import io.interstice.sdk.ModuleDefinitionException;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.internal.sample.Account;
import io.interstice.sdk.internal.sample.Bank;
import io.interstice.sdk.internal.sample.Everything;
import io.interstice.sdk.internal.sample.Item;
import io.interstice.sdk.schema.ColumnSchema;
import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.IndexSchema;
import io.interstice.sdk.schema.Lifecycle;
import io.interstice.sdk.schema.ParamSchema;
import io.interstice.sdk.schema.Persistence;
import io.interstice.sdk.schema.RowEvent;
import io.interstice.sdk.schema.SchemaCodec;
import io.interstice.sdk.schema.SubscriptionSchema;
import io.interstice.sdk.schema.Visibility;
import io.interstice.sdk.value.Bytes;
import io.interstice.sdk.value.StructValue;
import io.interstice.sdk.value.Type;
import io.interstice.sdk.value.ValueTypeException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JavaModuleIntrospectorTest {
  private final JavaModuleDefinition bank = JavaModuleIntrospector.introspect(Bank.class);

  @Test
  void shouldReadTheBankModuleSchema() {
    var schema = bank.schema();
    assertEquals("bank", schema.name());
    assertEquals(1, schema.version());
    assertEquals(Visibility.PUBLIC, schema.visibility());
    assertEquals(List.of(), schema.validate());

    var accounts = schema.table("accounts").orElseThrow();
    assertEquals(List.of("id", "owner", "balance"), names(accounts.columns()));
    assertEquals(List.of(Type.i64(), Type.string(), Type.i64()), accounts.columnTypes());
    assertEquals(0, accounts.primaryKey());
    assertTrue(accounts.autoIncrement());
    assertEquals(
        List.of(new IndexSchema("owner", List.of(1), IndexKind.BTREE, true)), accounts.indexes());
    assertEquals(Persistence.LOGGED, accounts.persistence());
  }

  @Test
  void shouldNameReducersInSnakeCaseSortedWithTheirParameters() {
    var reducers = bank.schema().reducers();
    assertEquals(
        List.of("close", "on_audit", "open_account", "set_up", "transfer"),
        reducers.stream().map(r -> r.name()).toList());
    var open = bank.schema().reducer("open_account").orElseThrow();
    assertEquals(
        List.of(
            ParamSchema.of("owner", Type.string()), ParamSchema.of("initial_balance", Type.i64())),
        open.params());
    assertEquals(Visibility.PUBLIC, open.visibility());
    assertEquals(Visibility.PRIVATE, bank.schema().reducer("close").orElseThrow().visibility());
  }

  @Test
  void shouldMakeInitAndSubscribedReducersPrivate() {
    var init = bank.schema().reducer("set_up").orElseThrow();
    assertEquals(Lifecycle.INIT, init.lifecycle());
    assertEquals(Visibility.PRIVATE, init.visibility());
    var onAudit = bank.schema().reducer("on_audit").orElseThrow();
    assertEquals(Visibility.PRIVATE, onAudit.visibility());
    assertEquals(
        Type.struct(Type.field("text", Type.string()), Type.field("amount", Type.i64())),
        onAudit.params().get(0).type());
    assertEquals(
        List.of(new SubscriptionSchema("audit", "notices", RowEvent.INSERT, "on_audit")),
        bank.schema().subscriptions());
  }

  @Test
  void shouldReadQueriesWithTheirResultTypes() {
    var accountOf = bank.schema().query("account_of").orElseThrow();
    assertEquals(List.of(ParamSchema.of("owner", Type.string())), accountOf.params());
    assertEquals(
        Type.option(
            Type.struct(
                Type.field("id", Type.i64()),
                Type.field("owner", Type.string()),
                Type.field("balance", Type.i64()))),
        accountOf.resultType());
    assertEquals(Type.i64(), bank.schema().query("total_balance").orElseThrow().resultType());
  }

  @Test
  void shouldRunReducersAndQueriesAgainstAContext() {
    var ctx = new FakeContext(bank);
    bank.reducer("set_up").orElseThrow().invoke(ctx, new Object[0]);
    bank.reducer("open_account").orElseThrow().invoke(ctx, new Object[] {"alice", 100L});
    bank.reducer("open_account").orElseThrow().invoke(ctx, new Object[] {"bob", 5L});
    bank.reducer("transfer").orElseThrow().invoke(ctx, new Object[] {1L, 2L, 30L});

    assertEquals(List.of("bank ready"), ctx.logLines);
    assertEquals(
        List.of(new Account(1, "alice", 70), new Account(2, "bob", 35)),
        ctx.table(Account.class).scan().toList());
    var alice = bank.query("account_of").orElseThrow().invoke(ctx, new Object[] {"alice"});
    assertEquals(StructValue.of(1L, "alice", 70L), alice);
    assertNull(bank.query("account_of").orElseThrow().invoke(ctx, new Object[] {"carol"}));
    assertEquals(105L, bank.query("total_balance").orElseThrow().invoke(ctx, new Object[0]));
  }

  @Test
  void shouldPassReducerExceptionsThroughUnwrapped() {
    var ctx = new FakeContext(bank);
    bank.reducer("open_account").orElseThrow().invoke(ctx, new Object[] {"alice", 10L});
    bank.reducer("open_account").orElseThrow().invoke(ctx, new Object[] {"bob", 0L});
    var transfer = bank.reducer("transfer").orElseThrow();

    var error =
        assertThrows(
            ReducerException.class, () -> transfer.invoke(ctx, new Object[] {1L, 2L, 50L}));
    assertEquals("insufficient funds: balance 10, wanted 50", error.getMessage());
  }

  @Test
  void shouldRefuseArgumentsThatDoNotMatchTheParameters() {
    var ctx = new FakeContext(bank);
    var transfer = bank.reducer("transfer").orElseThrow();

    var wrongType =
        assertThrows(
            ValueTypeException.class, () -> transfer.invoke(ctx, new Object[] {1L, 2, 50L}));
    assertEquals(
        "bank.transfer(ReducerContext, long, long, long) argument 2 (to): expected i64, found"
            + " Integer 2",
        wrongType.getMessage());
    var wrongCount =
        assertThrows(ValueTypeException.class, () -> transfer.invoke(ctx, new Object[] {1L}));
    assertTrue(wrongCount.getMessage().contains("expected 3 arguments"), wrongCount.getMessage());
  }

  @Test
  void shouldGiveTheTableOfARecordType() {
    var table = bank.table(Account.class);
    assertEquals("accounts", table.schema().name());
    assertSame(table, bank.table("accounts").orElseThrow());
    var error = assertThrows(ModuleDefinitionException.class, () -> bank.table(Item.class));
    assertTrue(error.getMessage().contains("is not a table of this module"), error.getMessage());
    assertFalse(bank.reducer("nope").isPresent());
  }

  @Test
  void shouldMapEveryJavaTypeOfTheEverythingModule() {
    var everything = JavaModuleIntrospector.introspect(Everything.class);
    assertEquals(3, everything.schema().version());
    assertEquals(Visibility.PRIVATE, everything.schema().visibility());
    var items = everything.schema().table("item").orElseThrow();
    assertEquals(Persistence.EPHEMERAL, items.persistence());
    var shape = Type.enumOf("circle", "square", "on_hold");
    var dimensions =
        Type.struct(
            Type.field("width", Type.i32()),
            Type.field("height", Type.i32()),
            Type.field("outline", Type.option(shape)));
    assertEquals(
        List.of(
            Type.string(),
            Type.bool(),
            Type.i32(),
            Type.i32(),
            Type.i64(),
            Type.f32(),
            Type.f64(),
            Type.bytes(),
            Type.bytes(),
            Type.option(Type.string()),
            Type.list(Type.i64()),
            shape,
            dimensions,
            Type.list(Type.option(dimensions))),
        items.columnTypes());
    assertEquals(
        List.of(new IndexSchema("by_shape", List.of(11), IndexKind.HASH, false)), items.indexes());
    assertEquals(
        List.of(
            ParamSchema.of("shapes", Type.list(shape)),
            ParamSchema.of("blob", Type.option(Type.bytes())),
            ParamSchema.of("factor", Type.f64())),
        everything.schema().reducer("tag").orElseThrow().params());
    assertEquals(
        Type.list(dimensions), everything.schema().query("dimensions").orElseThrow().resultType());
  }

  @Test
  void shouldCallInstanceMethodsOnOneModuleInstance() {
    var everything = JavaModuleIntrospector.introspect(Everything.class);
    var ctx = new FakeContext(everything);
    var shape = Type.enumOf("circle", "square", "on_hold");
    everything
        .reducer("tag")
        .orElseThrow()
        .invoke(ctx, new Object[] {List.of(shape.value("square")), null, 1.5});
    assertEquals(List.of("hello [SQUARE] -1 1.5"), ctx.logLines);
    var mapper = everything.table(Item.class).mapper();
    var item = RecordMapperTest.sampleItem();
    var itemValue = new StructValue(Arrays.asList(mapper.toRow(item)));
    everything.reducer("store").orElseThrow().invoke(ctx, new Object[] {itemValue});
    assertEquals("hello " + item.code(), ctx.logLines.get(1));

    var found =
        everything
            .query("dimensions")
            .orElseThrow()
            .invoke(ctx, new Object[] {shape.value("on_hold")});
    assertEquals(List.of(StructValue.of(3, 4, shape.value("circle"))), found);
    assertEquals(
        List.of(),
        everything
            .query("dimensions")
            .orElseThrow()
            .invoke(ctx, new Object[] {shape.value("square")}));
  }

  @Test
  void shouldRefuseANullResultForANonOptionQuery() {
    var everything = JavaModuleIntrospector.introspect(Everything.class);
    var nothing = everything.query("nothing").orElseThrow();
    var error =
        assertThrows(
            ValueTypeException.class,
            () -> nothing.invoke(new FakeContext(everything), new Object[0]));
    assertEquals(
        "everything.nothing(QueryContext) result: expected string, found null", error.getMessage());
  }

  @Test
  void shouldProduceASchemaThatSurvivesTheSchemaCodec() {
    var everything = JavaModuleIntrospector.introspect(Everything.class);
    assertEquals(bank.schema(), SchemaCodec.decode(SchemaCodec.encode(bank.schema())));
    assertEquals(everything.schema(), SchemaCodec.decode(SchemaCodec.encode(everything.schema())));
  }

  private static List<String> names(List<ColumnSchema> columns) {
    return columns.stream().map(c -> c.name()).toList();
  }

  @Test
  void shouldInvokeAVarargsReducerWithItsArrayAsOneArgument() {
    var module = JavaModuleIntrospector.introspect(VarargsModule.class);
    var ctx = new FakeContext(module);
    module
        .reducer("store")
        .orElseThrow()
        .invoke(ctx, new Object[] {"k", Bytes.of(new byte[] {1, 2})});
    assertEquals(List.of("k 2"), ctx.logLines);
  }

  /** A module whose reducer's last parameter is {@code byte...}. */
  @Module(name = "blobs")
  static final class VarargsModule {
    @Reducer
    static void store(ReducerContext ctx, String key, byte... data) {
      ctx.log(key + " " + data.length);
    }
  }
}
