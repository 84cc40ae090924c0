package io.interstice.journal.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogSettingsTest {
  @Test
  void shouldTakeTheDefaultsDocumentedInReferenceConf() {
    assertEquals(
        new LogSettings(
            FsyncPolicy.ALWAYS,
            Duration.ofMillis(10),
            64L * 1024 * 1024,
            RecoveryMode.STRICT,
            Duration.ofHours(24),
            16L * 1024 * 1024,
            0),
        LogSettings.defaults());
  }

  @Test
  void shouldChangeOnlyWhatTheBuilderIsTold() {
    var settings = LogSettings.builder().segmentSize(4096).build();

    assertEquals(4096, settings.segmentSize());
    assertEquals(LogSettings.defaults(), settings.toBuilder().segmentSize(64L << 20).build());
  }

  @Test
  void shouldRejectSettingsOutOfRangeNamingKeyAndValue() {
    var segmentSize =
        assertThrows(
            IllegalArgumentException.class, () -> LogSettings.builder().segmentSize(1023).build());
    assertEquals(
        "segment-size must be between 1 KiB and 2 GiB, got 1023 bytes", segmentSize.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> LogSettings.builder().segmentSize(LogSettings.MAX_SEGMENT_SIZE + 1).build());
    var preallocate =
        assertThrows(
            IllegalArgumentException.class, () -> LogSettings.builder().preallocate(-1).build());
    assertEquals(
        "preallocate must be between 0 (off) and 1 GiB, got -1 bytes", preallocate.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> LogSettings.builder().preallocate(LogSettings.MAX_PREALLOCATE + 1).build());
    var fsyncInterval =
        assertThrows(
            IllegalArgumentException.class,
            () -> LogSettings.builder().fsyncInterval(Duration.ZERO).build());
    assertEquals("fsync-interval must be positive, got 0 ms", fsyncInterval.getMessage());
    var scrubInterval =
        assertThrows(
            IllegalArgumentException.class,
            () -> LogSettings.builder().scrubInterval(Duration.ofSeconds(-1)).build());
    assertEquals(
        "scrub-interval must be positive or off, got -1000 ms", scrubInterval.getMessage());
    var scrubRate =
        assertThrows(
            IllegalArgumentException.class,
            () -> LogSettings.builder().scrubBytesPerSecond(0).build());
    assertEquals("scrub-rate must be positive, got 0 bytes", scrubRate.getMessage());
    assertThrows(NullPointerException.class, () -> LogSettings.builder().fsync(null).build());
  }
}
