package io.interstice.sdk.internal;

import io.interstice.sdk.Index;
import io.interstice.sdk.Init;
import io.interstice.sdk.Module;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Query;
import io.interstice.sdk.QueryContext;
import io.interstice.sdk.Reducer;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.Subscribe;
import io.interstice.sdk.Table;
import io.interstice.sdk.Upgrade;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Module classes with one mistake each, for {@link JavaModuleIntrospectorErrorsTest}. */
final class BadModules {
  private BadModules() {}

  static final class NotAModule {}

  @Module(
      name = "bank",
      tables = {NoPrimaryKey.Account.class})
  static final class NoPrimaryKey {
    @Table
    record Account(long id, String owner) {}
  }

  @Module(
      name = "bank",
      tables = {TwoPrimaryKeys.Account.class})
  static final class TwoPrimaryKeys {
    @Table
    record Account(@PrimaryKey long id, @PrimaryKey String owner) {}
  }

  @Module(
      name = "bank",
      tables = {StringAutoIncrement.Account.class})
  static final class StringAutoIncrement {
    @Table
    record Account(@PrimaryKey(autoIncrement = true) String id) {}
  }

  @Module(
      name = "bank",
      tables = {DateField.Account.class})
  static final class DateField {
    @Table
    record Account(@PrimaryKey long id, Date created) {}
  }

  @Module(
      name = "bank",
      tables = {MapField.Account.class})
  static final class MapField {
    @Table
    record Account(@PrimaryKey long id, Map<String, Long> limits) {}
  }

  @Module(
      name = "bank",
      tables = {RawList.Account.class})
  static final class RawList {
    @Table
    @SuppressWarnings("rawtypes")
    record Account(@PrimaryKey long id, List tags) {}
  }

  @Module(
      name = "bank",
      tables = {NestedOptional.Account.class})
  static final class NestedOptional {
    @Table
    record Account(@PrimaryKey long id, Optional<Optional<String>> nickname) {}
  }

  @Module(
      name = "bank",
      tables = {Recursive.Node.class})
  static final class Recursive {
    @Table
    record Node(@PrimaryKey long id, List<Node> children) {}
  }

  @Module(
      name = "bank",
      tables = {NotATable.Account.class})
  static final class NotATable {
    record Account(@PrimaryKey long id) {}
  }

  @Module(
      name = "bank",
      tables = {Unlisted.Account.class})
  static final class Unlisted {
    @Table
    record Account(@PrimaryKey long id) {}

    @Table
    record Audit(@PrimaryKey long id) {}
  }

  @Module(
      name = "bank",
      tables = {ListedTwice.Account.class, ListedTwice.Account.class})
  static final class ListedTwice {
    @Table
    record Account(@PrimaryKey long id) {}
  }

  @Module(name = "bank")
  static final class NoContext {
    @Reducer
    static void transfer(int from, long amount) {}
  }

  @Module(name = "bank")
  static final class QueryWithReducerContext {
    @Query
    static long balance(ReducerContext ctx) {
      return 0;
    }
  }

  @Module(name = "bank")
  static final class ReducerReturningValue {
    @Reducer
    static int transfer(ReducerContext ctx, long amount) {
      return 0;
    }
  }

  @Module(name = "bank")
  static final class VoidQuery {
    @Query
    static void balance(QueryContext ctx) {}
  }

  @Module(name = "bank")
  static final class DuplicateReducers {
    @Reducer
    static void transfer(ReducerContext ctx, int amount) {}

    @Reducer
    static void transfer(ReducerContext ctx, long amount) {}
  }

  @Module(name = "bank")
  static final class DuplicateExplicitNames {
    @Reducer(name = "pay")
    static void payOut(ReducerContext ctx) {}

    @Reducer(name = "pay")
    static void payIn(ReducerContext ctx) {}
  }

  @Module(name = "bank")
  static final class QueryAndReducer {
    @Reducer
    @Query
    static void both(ReducerContext ctx) {}
  }

  @Module(name = "bank")
  static final class MalformedSubscription {
    @Subscribe("chat.messages")
    static void onMessage(ReducerContext ctx) {}
  }

  @Module(name = "bank")
  static final class UnknownSubscriptionEvent {
    @Subscribe("chat.messages.upsert")
    static void onMessage(ReducerContext ctx) {}
  }

  @Module(name = "bank")
  static final class InitAndUpgrade {
    @Init
    @Upgrade
    static void start(ReducerContext ctx) {}
  }

  @Module(name = "bank")
  static final class InitWithParameters {
    @Init
    static void start(ReducerContext ctx, long seed) {}
  }

  @Module(name = "bank")
  static final class UnsupportedParameter {
    @Reducer
    static void schedule(ReducerContext ctx, Date when) {}
  }

  @Module(name = "bank")
  static final class InstanceWithoutConstructor {
    private final long fee;

    InstanceWithoutConstructor(long fee) {
      this.fee = fee;
    }

    @Reducer
    void charge(ReducerContext ctx) {
      ctx.log("fee " + fee);
    }
  }

  @Module(name = "Bank")
  static final class BadModuleName {}

  @Module(
      name = "bank",
      version = 0,
      tables = {BadNames.Account.class})
  static final class BadNames {
    @Table(name = "Accounts")
    record Account(@PrimaryKey long id, @Index(name = "by-owner") String owner) {}
  }

  @Module(
      name = "bank",
      tables = {FloatAutoIncrement.Account.class})
  static final class FloatAutoIncrement {
    @Table
    record Account(@PrimaryKey(autoIncrement = true) double id) {}
  }

  @Module(
      name = "bank",
      tables = {OptionalKey.Account.class})
  static final class OptionalKey {
    @Table
    record Account(@PrimaryKey Optional<Long> id) {}
  }

  @Module(
      name = "bank",
      tables = {EmptyRecord.Nothing.class})
  static final class EmptyRecord {
    @Table
    record Nothing() {}
  }

  enum Empty {}

  @Module(
      name = "bank",
      tables = {EmptyEnum.Account.class})
  static final class EmptyEnum {
    @Table
    record Account(@PrimaryKey long id, Empty empty) {}
  }
}
