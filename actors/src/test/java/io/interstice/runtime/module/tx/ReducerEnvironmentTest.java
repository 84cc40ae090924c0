package io.interstice.runtime.module.tx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.interstice.runtime.module.code.ModuleLimitException;
import io.interstice.runtime.module.code.ModuleLimits;
import io.interstice.runtime.module.schedule.Schedules;
import io.interstice.runtime.table.ModuleTables;
import io.interstice.runtime.table.Transaction;
import io.interstice.sdk.schema.ModuleSchema;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a transaction may ask for: schedules and calls held to the module's limits. */
class ReducerEnvironmentTest {
  private static final byte[] NO_ARGS = "[]".getBytes();

  private static ReducerEnvironment environment(String limits) {
    var config =
        com.typesafe.config.ConfigFactory.parseString("interstice.module.limits {" + limits + "}")
            .withFallback(com.typesafe.config.ConfigFactory.defaultReference());
    var tables = ModuleTables.create(ModuleSchema.builder("caller").build());
    return new ReducerEnvironment(
        "caller",
        "go",
        Transaction.begin(tables),
        1,
        Instant.ofEpochSecond(1_000_000),
        7,
        "client",
        new Schedules(),
        ModuleLimits.fromConfig(config));
  }

  @Test
  void shouldRefuseCallsToNamesNoModuleCanHaveWithoutEchoingThemWhole() {
    var env = environment("");
    for (var name : new String[] {"", "a|b", "Bank", "x".repeat(65)}) {
      var refused = assertThrows(ModuleLimitException.class, () -> env.call(name, "go", NO_ARGS));
      assertTrue(refused.getMessage().contains("no module can have that name"), name);
    }
    var huge = "y".repeat(1 << 20);
    var refused = assertThrows(ModuleLimitException.class, () -> env.call(huge, "go", NO_ARGS));
    assertTrue(refused.getMessage().length() < 300, refused.getMessage());
    var reducer =
        assertThrows(ModuleLimitException.class, () -> env.call("bank", "do it", NO_ARGS));
    assertTrue(reducer.getMessage().contains("no reducer can have that name"));
    assertTrue(env.calls().isEmpty());
    env.call("bank", "deposit", NO_ARGS);
    assertEquals(1, env.calls().size());
  }

  @Test
  void shouldRefuseTooLargeArgumentsAndTooManyCalls() {
    var env = environment("max-call-args = 64, max-calls-per-transaction = 2");
    var large =
        assertThrows(ModuleLimitException.class, () -> env.call("bank", "deposit", new byte[65]));
    assertTrue(
        large
            .getMessage()
            .endsWith("over the limit of 64 (interstice.module.limits.max-call-args)"),
        large.getMessage());
    env.call("bank", "deposit", NO_ARGS);
    env.call("bank", "deposit", NO_ARGS);
    var many = assertThrows(ModuleLimitException.class, () -> env.call("bank", "deposit", NO_ARGS));
    assertTrue(
        many.getMessage().contains("(interstice.module.limits.max-calls-per-transaction)"),
        many.getMessage());
  }

  @Test
  void shouldRefuseSchedulesBeyondTheLimitsCountingThoseMadeAndCancelledHere() {
    var env =
        environment(
            "max-schedule-ahead = 1d, min-schedule-interval = 10ms, max-pending-schedules = 2");
    var far =
        assertThrows(
            ModuleLimitException.class, () -> env.schedule("tick", NO_ARGS, Long.MAX_VALUE, 0));
    assertTrue(
        far.getMessage()
            .contains(
                "further than the limit of 1 day"
                    + " (interstice.module.limits.max-schedule-ahead)"),
        far.getMessage());
    var often =
        assertThrows(ModuleLimitException.class, () -> env.schedule("tick", NO_ARGS, 0, 9_999));
    assertTrue(often.getMessage().contains("every 9999 µs"), often.getMessage());
    long first = env.schedule("tick", NO_ARGS, 86_400_000_000L, 0);
    env.schedule("tick", NO_ARGS, 0, 10_000);
    assertThrows(ModuleLimitException.class, () -> env.schedule("tick", NO_ARGS, 0, 0));
    assertTrue(env.cancel(first));
    env.schedule("tick", NO_ARGS, 0, 0);
    assertEquals(2, env.scheduled().size());
    assertFalse(env.scheduled().isEmpty());
  }
}
