package io.interstice.journal.log;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a node log: the one place where they are validated. Their defaults are those of the
 * {@code interstice.journal} block of the plugin's {@code reference.conf}, which documents every
 * key; the plugin reads an application's block with {@link #from}, tools and tests start from
 * {@link #defaults()} or {@link #builder()}. Immutable and thread-safe (its builder is not).
 *
 * @param fsync when appends are forced ({@code fsync})
 * @param fsyncInterval period of the background force with {@link FsyncPolicy#INTERVAL} ({@code
 *     fsync-interval}), positive
 * @param segmentSize size at which the active segment is sealed and a new one started ({@code
 *     segment-size}), 1 KiB to 2 GiB
 * @param recoveryMode what damage other than a torn tail does ({@code recovery-mode})
 * @param scrubInterval time between background scrub passes; zero for none ({@code scrub-interval},
 *     {@code off} in the configuration)
 * @param scrubBytesPerSecond average read rate the scrub keeps under ({@code scrub-rate}), positive
 * @param preallocate zeros the active segment's file is kept filled with past its last frame, so
 *     that appends overwrite blocks the file has ({@code preallocate}); 0 for none, at most 1 GiB
 */
public record LogSettings(
    FsyncPolicy fsync,
    Duration fsyncInterval,
    long segmentSize,
    RecoveryMode recoveryMode,
    Duration scrubInterval,
    long scrubBytesPerSecond,
    long preallocate) {
  /** Smallest accepted {@code segment-size}. */
  public static final long MIN_SEGMENT_SIZE = 1024;

  /** Largest accepted {@code segment-size}: a segment is scanned into one heap buffer. */
  public static final long MAX_SEGMENT_SIZE = Integer.MAX_VALUE;

  /** Path of the block in the configuration that holds these settings. */
  public static final String CONFIG_PATH = "interstice.journal";

  /** {@code preallocate} of {@code reference.conf}, and of a block that does not set it. */
  public static final long DEFAULT_PREALLOCATE = 0;

  /** Largest accepted {@code preallocate}. */
  public static final long MAX_PREALLOCATE = 1L << 30;

  /**
   * Validates every setting.
   *
   * @throws IllegalArgumentException naming the configuration key and the value found
   */
  public LogSettings {
    Objects.requireNonNull(fsync, "fsync");
    Objects.requireNonNull(fsyncInterval, "fsync-interval");
    Objects.requireNonNull(recoveryMode, "recovery-mode");
    Objects.requireNonNull(scrubInterval, "scrub-interval");
    if (fsyncInterval.isNegative() || fsyncInterval.isZero()) {
      throw new IllegalArgumentException(
          "fsync-interval must be positive, got " + millis(fsyncInterval));
    }
    if (segmentSize < MIN_SEGMENT_SIZE || segmentSize > MAX_SEGMENT_SIZE) {
      throw new IllegalArgumentException(
          "segment-size must be between 1 KiB and 2 GiB, got " + segmentSize + " bytes");
    }
    if (scrubInterval.isNegative()) {
      throw new IllegalArgumentException(
          "scrub-interval must be positive or off, got " + millis(scrubInterval));
    }
    if (scrubBytesPerSecond <= 0) {
      throw new IllegalArgumentException(
          "scrub-rate must be positive, got " + scrubBytesPerSecond + " bytes");
    }
    if (preallocate < 0 || preallocate > MAX_PREALLOCATE) {
      throw new IllegalArgumentException(
          "preallocate must be between 0 (off) and 1 GiB, got " + preallocate + " bytes");
    }
  }

  /**
   * The defaults of {@code reference.conf}: always, 10 ms, 64 MiB, strict, scrub 24 h at 16 MiB/s,
   * no preallocation.
   */
  public static LogSettings defaults() {
    return Defaults.VALUE;
  }

  /** Settings starting from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Reads and validates the log settings of a journal block such as {@code interstice.journal}
   * (already merged with {@code reference.conf}, as Pekko hands it to the plugin).
   *
   * @throws IllegalArgumentException or {@link com.typesafe.config.ConfigException} naming the key
   */
  public static LogSettings from(Config block) {
    var scrub = block.getString("scrub-interval").trim();
    return new LogSettings(
        FsyncPolicy.parse(block.getString("fsync")),
        block.getDuration("fsync-interval"),
        block.getBytes("segment-size"),
        RecoveryMode.parse(block.getString("recovery-mode")),
        scrub.equalsIgnoreCase("off") ? Duration.ZERO : block.getDuration("scrub-interval"),
        block.getBytes("scrub-rate"),
        // Blocks written before the key existed (another plugin id's) get the default.
        block.hasPath("preallocate") ? block.getBytes("preallocate") : DEFAULT_PREALLOCATE);
  }

  private static String millis(Duration value) {
    return value.toMillis() + " ms";
  }

  /** Loaded once, when first asked for. */
  private static final class Defaults {
    static final LogSettings VALUE = from(ConfigFactory.defaultReference().getConfig(CONFIG_PATH));
  }

  /** Changes some settings; {@link #build} validates them together. */
  public static final class Builder {
    private FsyncPolicy fsync;
    private Duration fsyncInterval;
    private long segmentSize;
    private RecoveryMode recoveryMode;
    private Duration scrubInterval;
    private long scrubBytesPerSecond;
    private long preallocate;

    private Builder(LogSettings from) {
      this.fsync = from.fsync;
      this.fsyncInterval = from.fsyncInterval;
      this.segmentSize = from.segmentSize;
      this.recoveryMode = from.recoveryMode;
      this.scrubInterval = from.scrubInterval;
      this.scrubBytesPerSecond = from.scrubBytesPerSecond;
      this.preallocate = from.preallocate;
    }

    public Builder fsync(FsyncPolicy value) {
      this.fsync = value;
      return this;
    }

    public Builder fsyncInterval(Duration value) {
      this.fsyncInterval = value;
      return this;
    }

    public Builder segmentSize(long bytes) {
      this.segmentSize = bytes;
      return this;
    }

    public Builder recoveryMode(RecoveryMode value) {
      this.recoveryMode = value;
      return this;
    }

    /** Time between background scrub passes; {@link Duration#ZERO} for none. */
    public Builder scrubInterval(Duration value) {
      this.scrubInterval = value;
      return this;
    }

    public Builder scrubBytesPerSecond(long value) {
      this.scrubBytesPerSecond = value;
      return this;
    }

    /** Zeros kept ahead of the active segment's last frame; 0 for none. */
    public Builder preallocate(long bytes) {
      this.preallocate = bytes;
      return this;
    }

    /**
     * The settings.
     *
     * @throws IllegalArgumentException naming the first setting out of range
     */
    public LogSettings build() {
      return new LogSettings(
          fsync,
          fsyncInterval,
          segmentSize,
          recoveryMode,
          scrubInterval,
          scrubBytesPerSecond,
          preallocate);
    }
  }
}
