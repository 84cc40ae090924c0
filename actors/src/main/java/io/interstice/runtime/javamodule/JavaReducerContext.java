package io.interstice.runtime.javamodule;

import io.interstice.runtime.module.TxEnvironment;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerRef;
import io.interstice.sdk.TableHandle;
import io.interstice.sdk.internal.JavaModuleDefinition;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  public void log(String message) {
    logger(environment.module())
        .info(
            "[{}.{} tx {}] {}",
            environment.module(),
            environment.reducer(),
            environment.txId(),
            message);
  }

  private static Logger logger(String module) {
    return LoggerFactory.getLogger("io.interstice.module." + module);
  }
}
