package io.interstice.sdk.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.sdk.value.Type;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Checking a schema stays linear in its size, and a report of its problems stays short: a hostile
 * schema of hundreds of thousands of items is checked in moments, not hours.
 */
class SchemaScaleTest {
  private static final Duration BUDGET = Duration.ofSeconds(10);

  private static ModuleSchema large(String name, int count) {
    var schema = ModuleSchema.builder(name);
    for (int i = 0; i < count; i++) {
      schema.table(TableSchema.builder("t" + i).column("id", Type.i64()).primaryKey("id").build());
      schema.reducer(ReducerSchema.of("r" + i));
      schema.subscription(new SubscriptionSchema(name, "t" + i, RowEvent.INSERT, "r" + i));
    }
    return schema.build();
  }

  @Test
  void shouldValidateAndCompareHugeSchemasInLinearTime() {
    var deployed = large("big", 200_000);
    var next = large("big", 200_001);
    assertTimeoutPreemptively(
        BUDGET,
        () -> {
          assertEquals(java.util.List.of(), deployed.validate());
          SchemaCompatibility.compare(deployed, next);
        });
  }

  @Test
  void shouldListTheFirstProblemsAndCountTheRest() {
    var schema = ModuleSchema.builder("names");
    for (int i = 0; i < 3000; i++) {
      schema.table(TableSchema.builder("-" + i).column("id", Type.i64()).primaryKey("id").build());
    }
    var failure =
        assertThrows(SchemaValidationException.class, () -> schema.build().requireValid());
    assertEquals(3000, failure.problems().size());
    assertTrue(failure.getMessage().endsWith("; … and 2,980 more problems"), failure.getMessage());
    assertTrue(failure.getMessage().length() < 20 * 200, "a short message");
  }
}
