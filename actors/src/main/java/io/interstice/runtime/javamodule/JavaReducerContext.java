package io.interstice.runtime.javamodule;

import io.interstice.runtime.module.code.CallLog;
import io.interstice.runtime.module.code.Micros;
import io.interstice.runtime.module.code.TxEnvironment;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerException;
import io.interstice.sdk.ReducerRef;
import io.interstice.sdk.TableHandle;
import io.interstice.sdk.internal.JavaModuleDefinition;
import io.interstice.sdk.value.ValueTypeException;
import io.interstice.sdk.value.Values;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The {@link ReducerContext} of one reducer call of a Java module: table handles over the call's
 * transaction, and time, randomness and caller from its {@link TxEnvironment}. The random generator
 * is a {@link SplittableRandom} seeded with the logged seed, so a re-run draws the same numbers.
 * Confined to the call's thread.
 */
final class JavaReducerContext implements ReducerContext {
  private final JavaModuleDefinition definition;
  private final TxEnvironment environment;
  private RandomGenerator random;
  private CallLog log;

  JavaReducerContext(JavaModuleDefinition definition, TxEnvironment environment) {
    this.definition = definition;
    this.environment = environment;
  }

  @Override
  public Instant timestamp() {
    return environment.timestamp();
  }

  @Override
  public RandomGenerator random() {
    if (random == null) {
      random = new SplittableRandom(environment.seed());
    }
    return random;
  }

  @Override
  public String caller() {
    return environment.caller();
  }

  @Override
  public <T extends Record> TableHandle<T> table(Class<T> rowType) {
    return new JavaTableHandle<>(definition.table(rowType), environment.transaction());
  }

  @Override
  public <A> void call(ReducerRef<A> reducer, A args) {
    environment.call(reducer.module(), reducer.reducer(), CallArguments.toJson(reducer, args));
  }

  @Override
  public long schedule(String reducer, Duration delay, Object... args) {
    return schedule(reducer, delay, Duration.ZERO, args);
  }

  @Override
  public long scheduleRepeating(String reducer, Duration interval, Object... args) {
    if (interval.isNegative() || interval.isZero()) {
      throw new ReducerException("a repeating schedule needs a positive interval, got " + interval);
    }
    return schedule(reducer, interval, interval, args);
  }

  @Override
  public boolean cancelSchedule(long scheduleId) {
    return environment.cancel(scheduleId);
  }

  private long schedule(String reducer, Duration delay, Duration interval, Object[] args) {
    if (delay.isNegative()) {
      throw new ReducerException("schedule of " + reducer + ": negative delay " + delay);
    }
    var target =
        definition
            .schema()
            .reducer(reducer)
            .orElseThrow(
                () ->
                    new ReducerException(
                        "schedule: module "
                            + definition.schema().name()
                            + " has no reducer named "
                            + reducer));
    var values = args == null ? new Object[] {null} : args;
    if (values.length != target.params().size()) {
      throw new ReducerException(
          "schedule of "
              + reducer
              + ": it takes "
              + target.params().size()
              + " arguments, found "
              + values.length);
    }
    for (int i = 0; i < values.length; i++) {
      var param = target.params().get(i);
      try {
        Values.check(param.type(), values[i], reducer + " argument " + param.name());
      } catch (ValueTypeException e) {
        throw new ReducerException("schedule of " + reducer + ": " + e.getMessage());
      }
    }
    return environment.schedule(
        reducer,
        CallArguments.json(target.params(), values),
        Micros.of(delay),
        Micros.of(interval));
  }

  @Override
  public void log(String message) {
    if (log == null) {
      log =
          new CallLog(
              environment.module(),
              environment.module() + "." + environment.reducer(),
              environment.txId(),
              environment.limits());
    }
    log.line(message);
  }
}
