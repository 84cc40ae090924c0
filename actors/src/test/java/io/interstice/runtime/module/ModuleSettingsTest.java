package io.interstice.runtime.module;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.typesafe.config.ConfigFactory;
import io.interstice.runtime.module.code.ModuleLoaders;
import io.interstice.runtime.module.state.IdempotencyWindow;
import org.junit.jupiter.api.Test;

/** The settings of module actors as {@code reference.conf} and overrides give them. */
class ModuleSettingsTest {
  private static ModuleSettings settings(String hocon) {
    var config = ConfigFactory.parseString(hocon).withFallback(ConfigFactory.load());
    return ModuleSettings.fromConfig(config, ModuleLoaders.of());
  }

  @Test
  void shouldBoundTheIdempotencyWindowByTenThousandKeysAndTenMinutes() {
    assertEquals(new IdempotencyWindow.Bounds(10_000, 600_000_000L), settings("").idempotency());
    assertEquals(
        new IdempotencyWindow.Bounds(5, 1_500_000L),
        settings("interstice.module.idempotency { max-keys = 5, max-age = 1500ms }").idempotency());
  }

  @Test
  void shouldRefuseAWindowThatRemembersNothing() {
    var noKeys =
        assertThrows(
            IllegalArgumentException.class,
            () -> settings("interstice.module.idempotency.max-keys = 0"));
    assertEquals(
        "interstice.module.idempotency.max-keys must be >= 1 and max-age at least 1ms: 0, PT10M",
        noKeys.getMessage());
    var noTime =
        assertThrows(
            IllegalArgumentException.class,
            () -> settings("interstice.module.idempotency.max-age = 0s"));
    assertEquals(
        "interstice.module.idempotency.max-keys must be >= 1 and max-age at least 1ms: 10000, PT0S",
        noTime.getMessage());
  }
}
