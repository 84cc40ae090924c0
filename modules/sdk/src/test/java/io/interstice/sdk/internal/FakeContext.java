package io.interstice.sdk.internal;

import io.interstice.sdk.QueryContext;
import io.interstice.sdk.ReducerContext;
import io.interstice.sdk.ReducerRef;
import io.interstice.sdk.TableHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A hand-written reducer and query context over {@link MemoryTable}s of one module definition;
 * records log lines and cross-module calls so tests can look at them.
 */
final class FakeContext implements ReducerContext, QueryContext {
  final List<String> logLines = new ArrayList<>();
  final List<Object> calls = new ArrayList<>();
  private final JavaModuleDefinition module;
  private final Map<Class<?>, MemoryTable<?>> tables = new HashMap<>();
  private final RandomGenerator random = new SplittableRandom(42);

  FakeContext(JavaModuleDefinition module) {
    this.module = module;
  }

  @Override
  public Instant timestamp() {
    return Instant.parse("2025-01-01T00:00:00Z");
  }

  @Override
  public RandomGenerator random() {
    return random;
  }

  @Override
  public String caller() {
    return "test";
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends Record> TableHandle<T> table(Class<T> rowType) {
    return (TableHandle<T>)
        tables.computeIfAbsent(rowType, type -> new MemoryTable<>(module.table(rowType)));
  }

  @Override
  public <A> void call(ReducerRef<A> reducer, A args) {
    calls.add(List.of(reducer, args));
  }

  @Override
  public long schedule(String reducer, java.time.Duration delay, Object... args) {
    calls.add(List.of("schedule", reducer, delay));
    return calls.size();
  }

  @Override
  public long scheduleRepeating(String reducer, java.time.Duration interval, Object... args) {
    calls.add(List.of("repeat", reducer, interval));
    return calls.size();
  }

  @Override
  public boolean cancelSchedule(long scheduleId) {
    return true;
  }

  @Override
  public void log(String message) {
    logLines.add(message);
  }
}
