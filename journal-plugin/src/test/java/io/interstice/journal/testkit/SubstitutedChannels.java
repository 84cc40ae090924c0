package io.interstice.journal.testkit;

import io.interstice.journal.log.SegmentChannels;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Puts {@link FaultyChannels} under every log opened in a test's directory, for each test of a
 * class, and takes them away after it:
 *
 * <pre>
 * &#64;TempDir Path dir;
 * &#64;RegisterExtension final SubstitutedChannels substituted = new SubstitutedChannels(() -&gt; dir);
 * private final FaultyChannels channels = substituted.channels();
 * </pre>
 *
 * The directory is asked for before each test, once JUnit has made it.
 */
public final class SubstitutedChannels implements BeforeEachCallback, AfterEachCallback {
  private final Supplier<Path> directory;
  private final FaultyChannels channels = new FaultyChannels();
  private AutoCloseable substitute;

  public SubstitutedChannels(Supplier<Path> directory) {
    this.directory = directory;
  }

  /** The channels the logs of the directory use during a test. */
  public FaultyChannels channels() {
    return channels;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    substitute = SegmentChannels.substitute(directory.get(), channels);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (substitute != null) {
      substitute.close();
      substitute = null;
    }
  }
}
