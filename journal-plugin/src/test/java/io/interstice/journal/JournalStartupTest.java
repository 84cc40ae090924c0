package io.interstice.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.typesafe.config.ConfigFactory;
import io.interstice.journal.log.FsyncPolicy;
import io.interstice.journal.log.JournalStore;
import io.interstice.journal.log.LogSettings;
import io.interstice.journal.log.RecoveryMode;
import io.interstice.journal.log.SegmentNames;
import io.interstice.journal.testkit.JournalTestConfig;
import io.interstice.journal.testkit.LockProbe;
import io.interstice.journal.testkit.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.event.Logging;
import org.apache.pekko.persistence.JournalProtocol;
import org.apache.pekko.persistence.Persistence;
import org.apache.pekko.testkit.javadsl.TestKit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What keeps a journal or snapshot store from starting, and what it says: a data directory that is
 * a file or unwritable, a log directory another journal holds, foreign files, bad settings. Checked
 * both on the store directly and on the plugin actor's failure, as an operator would see it.
 */
class JournalStartupTest {
  @TempDir Path dir;

  private static final LogSettings DEFAULTS = LogSettings.defaults();

  /**
   * Starts a plugin on {@code system} and returns the {@link JournalException} its start failed
   * with, as reported on the event stream; also checks that the plugin actor stopped.
   */
  private static JournalException pluginStartFailure(
      ActorSystem system, Function<Persistence, ActorRef> plugin) {
    var errors = new TestKit(system);
    system.getEventStream().subscribe(errors.getRef(), Logging.Error.class);
    var watcher = new TestKit(system);
    var ref = plugin.apply(Persistence.get(system));
    watcher.watch(ref);
    var error =
        (Logging.Error)
            errors.fishForMessage(
                Duration.ofSeconds(10),
                "the plugin's start failure",
                m -> m instanceof Logging.Error e && journalCause(e.cause()) != null);
    watcher.expectTerminated(ref);
    return journalCause(error.cause());
  }

  private static JournalException journalCause(Throwable t) {
    for (var cause = t; cause != null; cause = cause.getCause()) {
      if (cause instanceof JournalException journal) {
        return journal;
      }
    }
    return null;
  }

  /**
   * Starts the journal plugin on {@code system} and returns the {@link JournalException} its start
   * failed with, as the node learns it ({@link JournalRegistry#journalStart}): a journal whose
   * settings are invalid stops; one whose log does not open stays, and fails each operation with
   * the error until the log opens.
   */
  private static JournalException journalStartFailure(ActorSystem system) {
    Persistence.get(system).journalFor("interstice.journal", ConfigFactory.empty());
    var start = JournalRegistry.ID.get(system).journalStart().toCompletableFuture();
    var failure = assertThrows(ExecutionException.class, () -> start.get(10, TimeUnit.SECONDS));
    var error = journalCause(failure.getCause());
    assertNotNull(error, failure.getCause().toString());
    return error;
  }

  /**
   * Replays {@code id} through the journal actor: the cause it failed with, or null once it
   * succeeded having replayed {@code events} events.
   */
  private static Throwable replay(ActorSystem system, String id, int events) {
    var journal = Persistence.get(system).journalFor("interstice.journal", ConfigFactory.empty());
    var actor = new TestKit(system);
    journal.tell(
        new JournalProtocol.ReplayMessages(1, Long.MAX_VALUE, Long.MAX_VALUE, id, actor.getRef()),
        actor.getRef());
    int replayed = 0;
    while (true) {
      var answer = actor.expectMsgAnyClassOf(Duration.ofSeconds(10), Object.class);
      if (answer instanceof JournalProtocol.ReplayMessagesFailure failed) {
        return failed.cause();
      }
      if (answer instanceof JournalProtocol.ReplayedMessage) {
        replayed++;
        continue;
      }
      assertEquals(JournalProtocol.RecoverySuccess.class, answer.getClass(), answer.toString());
      assertEquals(events, replayed);
      return null;
    }
  }

  @Test
  void shouldRefuseADataDirThatIsARegularFile() throws IOException {
    var file = Files.writeString(dir.resolve("not-a-dir"), "x");

    var error =
        assertThrows(JournalIoException.class, () -> JournalStore.open(file, "node-a", DEFAULTS));

    assertTrue(
        error.getMessage().startsWith("cannot create directory " + file.resolve("journal")),
        error.getMessage());
  }

  @Test
  void shouldFailTheJournalPluginWhoseDirIsARegularFile() throws IOException {
    var file = Files.writeString(dir.resolve("not-a-dir"), "x");
    var system = ActorSystem.create("file-dir", JournalTestConfig.of(file, "node-a"));
    try {
      var error = journalStartFailure(system);

      assertTrue(
          error.getMessage().startsWith("cannot create directory " + file.resolve("journal")),
          error.getMessage());
    } finally {
      TestKit.shutdownActorSystem(system);
    }
  }

  @Test
  void shouldFailTheSnapshotStorePluginWhoseDirIsARegularFile() throws IOException {
    var file = Files.writeString(dir.resolve("not-a-dir"), "x");
    var system = ActorSystem.create("file-dir", JournalTestConfig.of(file, "node-a"));
    try {
      var error =
          pluginStartFailure(
              system, p -> p.snapshotStoreFor("interstice.snapshot-store", ConfigFactory.empty()));

      assertTrue(
          error.getMessage().startsWith("cannot create directory " + file.resolve("snapshots")),
          error.getMessage());
    } finally {
      TestKit.shutdownActorSystem(system);
    }
  }

  @Test
  void shouldRefuseAnUnwritableDataDir() throws IOException {
    var readOnly = Files.createDirectory(dir.resolve("read-only"));
    Files.createDirectory(readOnly.resolve(JournalStore.JOURNAL_DIR));
    Files.setPosixFilePermissions(
        readOnly.resolve(JournalStore.JOURNAL_DIR), PosixFilePermissions.fromString("r-xr-xr-x"));
    assumeFalse(
        Files.isWritable(readOnly.resolve(JournalStore.JOURNAL_DIR)),
        "this user (root?) can write into a read-only directory");

    var error =
        assertThrows(
            JournalIoException.class, () -> JournalStore.open(readOnly, "node-a", DEFAULTS));

    assertEquals(
        "directory " + readOnly.resolve(JournalStore.JOURNAL_DIR) + " is not writable",
        error.getMessage());
  }

  @Test
  void shouldRefuseALogDirectoryHoldingAForeignFile() throws IOException {
    var logDir = Files.createDirectories(dir.resolve(JournalStore.JOURNAL_DIR).resolve("node-a"));
    Files.writeString(logDir.resolve("notes.txt"), "not ours");

    var error =
        assertThrows(
            UnsupportedFormatException.class, () -> JournalStore.open(dir, "node-a", DEFAULTS));

    assertTrue(
        error.getMessage().contains(logDir.resolve("notes.txt").toString()), error.getMessage());
    assertTrue(error.getMessage().contains("move it away"), error.getMessage());
  }

  @Test
  void shouldRefuseASecondJournalOnTheSameLogDirectoryNamingIt() {
    var logDir = dir.resolve(JournalStore.JOURNAL_DIR).resolve("node-a");
    try (var first = JournalStore.open(dir, "node-a", DEFAULTS)) {
      assertEquals(logDir, first.ownLog().directory());
      var error =
          assertThrows(LogLockedException.class, () -> JournalStore.open(dir, "node-a", DEFAULTS));

      assertTrue(
          error
              .getMessage()
              .startsWith("log directory " + logDir + " is already in use by another journal"),
          error.getMessage());
      assertTrue(
          error.getMessage().contains("held by pid " + ProcessHandle.current().pid()),
          error.getMessage());
    }
    JournalStore.open(dir, "node-a", DEFAULTS).close();
  }

  @Test
  void shouldKeepTheLogLockedAgainstOtherProcessesAfterRefusingASecondJournal()
      throws IOException, InterruptedException {
    try (var first = JournalStore.open(dir, "node-a", DEFAULTS)) {
      assertThrows(LogLockedException.class, () -> JournalStore.open(dir, "node-a", DEFAULTS));

      var lockFile = first.ownLog().directory().resolve(SegmentNames.LOCK_FILE);
      assertEquals(LockProbe.REFUSED, lockFromAnotherProcess(lockFile));
    }
  }

  private static int lockFromAnotherProcess(Path lockFile)
      throws IOException, InterruptedException {
    var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    var process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LockProbe.class.getName(),
                lockFile.toString())
            .inheritIO()
            .start();
    return process.waitFor();
  }

  @Test
  void shouldFailTheJournalOfASecondActorSystemWithTheSameLogId() {
    var logDir = dir.resolve(JournalStore.JOURNAL_DIR).resolve("node-a");
    try (var running = TestNode.start(dir, "node-a")) {
      running.append("still-mine", List.of("a"));
      var second = ActorSystem.create("second", JournalTestConfig.of(dir, "node-a"));
      try {
        var error = journalStartFailure(second);

        assertEquals(LogLockedException.class, error.getClass());
        assertTrue(error.getMessage().contains(logDir.toString()), error.getMessage());
        // Its operations fail at once with the same error, instead of waiting for a journal that
        // is not there.
        var refused = replay(second, "still-mine", 0);
        assertEquals(LogLockedException.class, refused.getClass(), String.valueOf(refused));
      } finally {
        TestKit.shutdownActorSystem(second);
      }
      running.append("still-mine", List.of("b"));
      assertEquals(List.of("a", "b"), running.state("still-mine").texts());
    }
  }

  @Test
  void shouldOpenTheLogAtALaterOperationOnceItsHolderLetItGo() {
    var running = TestNode.start(dir, "node-a");
    running.append("handed-over", List.of("a"));
    var second = ActorSystem.create("second", JournalTestConfig.of(dir, "node-a"));
    try {
      assertEquals(LogLockedException.class, journalStartFailure(second).getClass());
      running.close();

      assertEquals(null, replay(second, "handed-over", 1));
      assertEquals(1, JournalRegistry.ID.get(second).stores().size());
    } finally {
      TestKit.shutdownActorSystem(second);
    }
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "fsync | sometimes | unknown fsync mode 'sometimes': expected always, interval or never",
        "recovery-mode | lenient | unknown recovery mode 'lenient': expected strict,"
            + " truncate-after-corruption or skip-corrupted",
        "segment-size | 512B | segment-size must be between 1 KiB and 2 GiB, got 512 bytes",
        "fsync-interval | 0ms | fsync-interval must be positive, got 0 ms",
        "scrub-interval | -1s | scrub-interval must be positive or off, got -1000 ms",
        "scrub-rate | 0B | scrub-rate must be positive, got 0 bytes",
        "log-id | no/slash | log id 'no/slash' must be 1-64 characters of A-Z a-z 0-9 . _ -",
        "dir | '' | dir is empty",
        "replay-read-ahead | 0 | replay-read-ahead must be at least 1, got 0",
        "replay-stall-timeout | 0s | replay-stall-timeout must be positive, got PT0S",
      })
  void shouldNameTheBadSettingInTheMessage(String key, String value, String expected) {
    var block =
        ConfigFactory.parseString(key + " = \"" + value + "\"")
            .withFallback(JournalTestConfig.of(dir, "node-a").getConfig("interstice.journal"));

    var error =
        assertThrows(
            JournalException.class, () -> JournalSettings.from(block, "interstice.journal"));

    assertEquals("invalid configuration interstice.journal: " + expected, error.getMessage());
  }

  @Test
  void shouldReadEveryDocumentedSetting() {
    var config =
        JournalTestConfig.of(
            dir,
            "node-b",
            """
            interstice.journal.fsync = interval
            interstice.journal.fsync-interval = 25ms
            interstice.journal.segment-size = 4KiB
            interstice.journal.recovery-mode = skip-corrupted
            interstice.journal.scrub-interval = 2h
            interstice.journal.scrub-rate = 1MiB
            """);

    var settings =
        JournalSettings.from(config.getConfig("interstice.journal"), "interstice.journal");

    assertEquals(dir.toAbsolutePath(), settings.dataDir());
    assertEquals("node-b", settings.logId());
    assertEquals(
        new LogSettings(
            FsyncPolicy.INTERVAL,
            Duration.ofMillis(25),
            4096,
            RecoveryMode.SKIP_CORRUPTED,
            Duration.ofHours(2),
            1024 * 1024,
            LogSettings.DEFAULT_PREALLOCATE),
        settings.log());
  }

  @Test
  void shouldTurnTheBackgroundScrubOffWithOff() {
    var config = JournalTestConfig.of(dir, "node-b", "interstice.journal.scrub-interval = off");

    var settings =
        JournalSettings.from(config.getConfig("interstice.journal"), "interstice.journal");

    assertEquals(Duration.ZERO, settings.log().scrubInterval());
  }

  @Test
  void shouldFailTheJournalPluginWithAnUnknownFsyncMode() {
    var config = JournalTestConfig.of(dir, "node-a", "interstice.journal.fsync = sometimes");
    var system = ActorSystem.create("bad-fsync", config);
    try {
      var error = journalStartFailure(system);

      assertTrue(error.getMessage().contains("unknown fsync mode 'sometimes'"), error.getMessage());
    } finally {
      TestKit.shutdownActorSystem(system);
    }
  }

  @Test
  void shouldFailTheSnapshotStorePluginWithAnUnknownRecoveryMode() {
    var config =
        JournalTestConfig.of(dir, "node-a", "interstice.snapshot-store.recovery-mode = lenient");
    var system = ActorSystem.create("bad-mode", config);
    try {
      var error =
          pluginStartFailure(
              system, p -> p.snapshotStoreFor("interstice.snapshot-store", ConfigFactory.empty()));

      assertEquals(
          "invalid configuration interstice.snapshot-store: unknown recovery mode 'lenient':"
              + " expected strict, truncate-after-corruption or skip-corrupted",
          error.getMessage());
    } finally {
      TestKit.shutdownActorSystem(system);
    }
  }
}
