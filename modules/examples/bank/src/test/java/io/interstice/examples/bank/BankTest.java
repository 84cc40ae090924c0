package io.interstice.examples.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.sdk.internal.JavaModuleDefinition;
import io.interstice.sdk.internal.JavaModuleIntrospector;
import io.interstice.sdk.schema.ColumnSchema;
import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.IndexSchema;
import io.interstice.sdk.schema.Lifecycle;
import io.interstice.sdk.schema.ParamSchema;
import io.interstice.sdk.schema.Persistence;
import io.interstice.sdk.schema.QuerySchema;
import io.interstice.sdk.schema.ReducerSchema;
import io.interstice.sdk.schema.Visibility;
import io.interstice.sdk.value.Type;
import java.util.List;
import org.junit.jupiter.api.Test;

class BankTest {
  private final JavaModuleDefinition bank = JavaModuleIntrospector.introspect(Bank.class);

  @Test
  void shouldBeAValidPublicModuleNamedBank() {
    var schema = bank.schema();
    assertEquals("bank", schema.name());
    assertEquals(1, schema.version());
    assertEquals(Visibility.PUBLIC, schema.visibility());
    assertEquals(List.of(), schema.validate());
    assertEquals(List.of(), schema.subscriptions());
  }

  @Test
  void shouldHaveAnAccountsTableKeyedByAGeneratedIdWithAUniqueOwner() {
    assertEquals(List.of("accounts"), bank.schema().tables().stream().map(t -> t.name()).toList());
    var accounts = bank.schema().table("accounts").orElseThrow();
    assertEquals(
        List.of(
            ColumnSchema.of("id", Type.i64()),
            ColumnSchema.of("owner", Type.string()),
            ColumnSchema.of("balance", Type.i64())),
        accounts.columns());
    assertEquals("id", accounts.primaryKeyColumn().name());
    assertTrue(accounts.autoIncrement());
    assertEquals(
        List.of(new IndexSchema("owner", List.of(1), IndexKind.BTREE, true)), accounts.indexes());
    assertEquals(Persistence.LOGGED, accounts.persistence());
    assertEquals(Visibility.PUBLIC, accounts.visibility());
    assertEquals(Account.class, bank.table("accounts").orElseThrow().mapper().type());
  }

  @Test
  void shouldOfferOpenDepositAndTransferAsPublicReducers() {
    assertEquals(
        List.of(
            ReducerSchema.of(
                "deposit",
                ParamSchema.of("account", Type.i64()),
                ParamSchema.of("amount", Type.i64())),
            ReducerSchema.of(
                "open",
                ParamSchema.of("owner", Type.string()),
                ParamSchema.of("initial_balance", Type.i64())),
            ReducerSchema.of(
                "transfer",
                ParamSchema.of("from", Type.i64()),
                ParamSchema.of("to", Type.i64()),
                ParamSchema.of("amount", Type.i64()))),
        bank.schema().reducers());
    assertTrue(
        bank.schema().reducers().stream()
            .allMatch(r -> r.visibility() == Visibility.PUBLIC && r.lifecycle() == Lifecycle.NONE));
  }

  @Test
  void shouldOfferBalanceAndAccountQueries() {
    var account =
        Type.struct(
            Type.field("id", Type.i64()),
            Type.field("owner", Type.string()),
            Type.field("balance", Type.i64()));
    assertEquals(
        List.of(
            QuerySchema.of("account", Type.option(account), ParamSchema.of("owner", Type.string())),
            QuerySchema.of("balance", Type.i64(), ParamSchema.of("account", Type.i64()))),
        bank.schema().queries());
  }

  @Test
  void shouldBindEveryReducerAndQueryToItsMethod() {
    assertEquals(
        "bank.transfer(ReducerContext, long, long, long)",
        bank.reducer("transfer").orElseThrow().location());
    assertEquals(
        "bank.open(ReducerContext, String, long)", bank.reducer("open").orElseThrow().location());
    assertEquals(
        "bank.account(QueryContext, String)", bank.query("account").orElseThrow().location());
  }
}
