package io.interstice.sdk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.sdk.ModuleDefinitionException;
import org.junit.jupiter.api.Test;

/** Every module mistake is refused with a message that says what and where. */
class JavaModuleIntrospectorErrorsTest {

  private static String refusal(Class<?> moduleClass) {
    return assertThrows(
            ModuleDefinitionException.class, () -> JavaModuleIntrospector.introspect(moduleClass))
        .getMessage();
  }

  private static void assertRefusalStartsWith(String expected, Class<?> moduleClass) {
    var message = refusal(moduleClass);
    assertTrue(
        message.startsWith(expected), () -> "expected '" + expected + "…' but got: " + message);
  }

  private static void assertRefusalContains(String expected, Class<?> moduleClass) {
    var message = refusal(moduleClass);
    assertTrue(message.contains(expected), () -> "expected '" + expected + "' in: " + message);
  }

  @Test
  void shouldRefuseAClassWithoutModuleAnnotation() {
    assertEquals(
        BadModules.NotAModule.class.getName() + " is not annotated @Module",
        refusal(BadModules.NotAModule.class));
  }

  @Test
  void shouldRefuseATableWithoutPrimaryKey() {
    assertEquals("bank.Account: table has no @PrimaryKey", refusal(BadModules.NoPrimaryKey.class));
  }

  @Test
  void shouldRefuseATableWithTwoPrimaryKeys() {
    assertEquals(
        "bank.Account: table has more than one @PrimaryKey (id, owner)",
        refusal(BadModules.TwoPrimaryKeys.class));
  }

  @Test
  void shouldRefuseAutoIncrementOnAStringKey() {
    assertEquals(
        "bank.Account.id: auto-increment needs an int or long key, found java.lang.String",
        refusal(BadModules.StringAutoIncrement.class));
  }

  @Test
  void shouldRefuseAutoIncrementOnAFloatingPointKey() {
    assertEquals(
        "bank.Account.id: auto-increment needs an int or long key, found double",
        refusal(BadModules.FloatAutoIncrement.class));
  }

  @Test
  void shouldRefuseAnUnsupportedFieldType() {
    assertRefusalStartsWith(
        "unsupported field type java.util.Date in bank.Account.created;",
        BadModules.DateField.class);
    assertRefusalStartsWith(
        "unsupported field type java.util.Map<java.lang.String, java.lang.Long> in"
            + " bank.Account.limits;",
        BadModules.MapField.class);
  }

  @Test
  void shouldRefuseARawListAskingForItsTypeArgument() {
    assertRefusalStartsWith(
        "unsupported field type java.util.List in bank.Account.tags (give its type argument)",
        BadModules.RawList.class);
  }

  @Test
  void shouldRefuseAnOptionalOfAnOptional() {
    assertRefusalStartsWith(
        "unsupported field type java.util.Optional<java.util.Optional<java.lang.String>> in"
            + " bank.Account.nickname (Optional of Optional cannot be told apart)",
        BadModules.NestedOptional.class);
  }

  @Test
  void shouldRefuseARecursiveRecord() {
    assertEquals(
        "recursive record type bank.Node is not supported (used in bank.Node.children)",
        refusal(BadModules.Recursive.class));
  }

  @Test
  void shouldRefuseAListedRecordWithoutTableAnnotation() {
    assertEquals(
        "bank.Account: listed in @Module(tables) but not annotated @Table",
        refusal(BadModules.NotATable.class));
  }

  @Test
  void shouldRefuseANestedTableThatIsNotListed() {
    assertEquals(
        "bank.Audit: annotated @Table but not listed in @Module(tables)",
        refusal(BadModules.Unlisted.class));
  }

  @Test
  void shouldRefuseATableListedTwice() {
    assertEquals(
        "bank: Account is listed twice in @Module(tables)", refusal(BadModules.ListedTwice.class));
  }

  @Test
  void shouldRefuseAReducerWithoutContextFirst() {
    assertEquals(
        "bank.transfer(int, long): first parameter must be ReducerContext",
        refusal(BadModules.NoContext.class));
  }

  @Test
  void shouldRefuseAQueryTakingAReducerContext() {
    assertEquals(
        "bank.balance(ReducerContext): first parameter must be QueryContext",
        refusal(BadModules.QueryWithReducerContext.class));
  }

  @Test
  void shouldRefuseAReducerThatReturnsAValue() {
    assertEquals(
        "bank.transfer(ReducerContext, long): a reducer must return void, found int",
        refusal(BadModules.ReducerReturningValue.class));
  }

  @Test
  void shouldRefuseAQueryReturningVoid() {
    assertEquals(
        "bank.balance(QueryContext): a query must return its result, found void",
        refusal(BadModules.VoidQuery.class));
  }

  @Test
  void shouldRefuseOverloadedReducersWithTheSameName() {
    assertEquals(
        "bank: duplicate reducer name transfer (bank.transfer(ReducerContext, int) and"
            + " bank.transfer(ReducerContext, long))",
        refusal(BadModules.DuplicateReducers.class));
  }

  @Test
  void shouldRefuseTwoReducersGivenTheSameName() {
    assertRefusalStartsWith(
        "bank: duplicate reducer name pay (", BadModules.DuplicateExplicitNames.class);
  }

  @Test
  void shouldRefuseAMethodThatIsBothQueryAndReducer() {
    assertEquals(
        "bank.both(ReducerContext): a method cannot be both a @Query and a reducer",
        refusal(BadModules.QueryAndReducer.class));
  }

  @Test
  void shouldRefuseAMalformedSubscribePattern() {
    assertEquals(
        "bank.onMessage(ReducerContext): @Subscribe pattern 'chat.messages' is malformed:"
            + " expected <module>.<table>.<insert|update|delete>",
        refusal(BadModules.MalformedSubscription.class));
    assertEquals(
        "bank.onMessage(ReducerContext): @Subscribe pattern 'chat.messages.upsert' is malformed:"
            + " unknown event 'upsert', expected insert, update or delete",
        refusal(BadModules.UnknownSubscriptionEvent.class));
  }

  @Test
  void shouldRefuseAReducerThatIsBothInitAndUpgrade() {
    assertEquals(
        "bank.start(ReducerContext): a reducer cannot be both @Init and @Upgrade",
        refusal(BadModules.InitAndUpgrade.class));
  }

  @Test
  void shouldRefuseAnInitReducerWithParameters() {
    assertRefusalContains(
        "reducer start: init reducer must take no parameters", BadModules.InitWithParameters.class);
  }

  @Test
  void shouldRefuseAnUnsupportedParameterType() {
    assertRefusalStartsWith(
        "unsupported parameter type java.util.Date in bank.schedule(ReducerContext, Date),"
            + " parameter when;",
        BadModules.UnsupportedParameter.class);
  }

  @Test
  void shouldRefuseInstanceMethodsWithoutANoArgumentConstructor() {
    assertRefusalStartsWith(
        "bank.charge(ReducerContext): an instance method needs a no-argument constructor of",
        BadModules.InstanceWithoutConstructor.class);
  }

  @Test
  void shouldReportEverySchemaProblemAtOnce() {
    var message = refusal(BadModules.BadNames.class);
    assertTrue(message.startsWith("module bank ("), message);
    assertTrue(message.contains("version must be at least 1, found 0"), message);
    assertTrue(message.contains("table name 'Accounts' is not valid"), message);
    assertTrue(message.contains("index name 'by-owner' is not valid"), message);
  }

  @Test
  void shouldRefuseAnInvalidModuleName() {
    assertRefusalContains(
        "module name 'Bank' is not valid ([a-z][a-z0-9_]*, at most 64 characters)",
        BadModules.BadModuleName.class);
  }

  @Test
  void shouldRefuseAnOptionalPrimaryKey() {
    assertRefusalContains(
        "table account: primary key id must not be an option, found option<i64>",
        BadModules.OptionalKey.class);
  }

  @Test
  void shouldRefuseARecordWithoutComponents() {
    assertEquals(
        "bank.Nothing: a record without components has no columns",
        refusal(BadModules.EmptyRecord.class));
  }

  @Test
  void shouldRefuseAnEnumWithoutConstants() {
    assertRefusalStartsWith(
        "unsupported field type "
            + BadModules.Empty.class.getName()
            + " in bank.Account.empty"
            + " (an enum needs at least one variant)",
        BadModules.EmptyEnum.class);
  }
}
