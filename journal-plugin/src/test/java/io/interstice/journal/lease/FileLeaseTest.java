package io.interstice.journal.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.coordination.lease.LeaseSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file lease between nodes that share a data directory, each with clocks and timers moved by
 * hand ({@link ManualTime}) and its file work run on the calling thread, so every step is exact:
 * heartbeat-timeout 1 s, renewal every 200 ms, trusted for 800 ms after each renewal.
 */
class FileLeaseTest {
  static final String NAME = "interstice-shard-Module-7";
  static final Duration TIMEOUT = Duration.ofMillis(1000);
  static final Duration INTERVAL = Duration.ofMillis(200);
  static final Duration OPERATION = Duration.ofMillis(300);
  static final Duration MARGIN = Duration.ofMillis(200);
  static final long START = 1_700_000_000_000L;

  @TempDir Path dir;

  /** One node's lease and its time. */
  record Node(FileLease lease, ManualTime time, List<Optional<Throwable>> lost) {
    boolean acquire() {
      return lease.acquire(lost::add).toCompletableFuture().join();
    }

    boolean release() {
      return lease.release().toCompletableFuture().join();
    }
  }

  static FileLeaseSettings timing(Path dataDir) {
    return new FileLeaseSettings(dataDir, TIMEOUT, INTERVAL, OPERATION, MARGIN);
  }

  static LeaseSettings settings(String owner) {
    var config =
        ConfigFactory.parseString(
            "heartbeat-timeout = 1s\nheartbeat-interval = 200ms\nlease-operation-timeout = 300ms");
    return LeaseSettings.apply(config, NAME, owner);
  }

  private Node node(String owner, ManualTime time) {
    var lease =
        FileLease.builder(settings(owner), timing(dir))
            .clock(time)
            .timer(time)
            .io(Runnable::run)
            .build();
    return new Node(lease, time, new CopyOnWriteArrayList<>());
  }

  private Node node(String owner) {
    return node(owner, new ManualTime(START));
  }

  private LeaseDirectory leases() {
    return LeaseDirectory.of(dir, OPERATION);
  }

  /** Moves two nodes' time together; {@code a} frozen (nothing of it runs) when {@code aPaused}. */
  private static void elapse(Node a, boolean aPaused, Node b, Duration by) {
    if (aPaused) {
      a.time().pause(by);
    } else {
      a.time().advance(by);
    }
    b.time().advance(by);
  }

  @Test
  void shouldAcquireAFreeLeaseAndRecordItsOwnerAndExpiry() {
    var a = node("node-a@10.0.0.1:2552");

    assertTrue(a.acquire());

    assertTrue(a.lease().checkLease());
    var record = leases().read(NAME).orElseThrow();
    assertEquals("node-a@10.0.0.1:2552", record.owner());
    assertEquals(NAME, record.leaseName());
    assertEquals(START, record.heldSinceMillis());
    assertEquals(START + 1000, record.expiresMillis());
    assertTrue(Files.exists(dir.resolve("leases").resolve(NAME + ".lease")));
  }

  @Test
  void shouldRenewWhileHeldSoThatItOutlivesItsFirstExpiry() {
    var a = node("a");
    a.acquire();

    a.time().advance(Duration.ofMillis(3100));

    assertTrue(a.lease().checkLease());
    var record = leases().read(NAME).orElseThrow();
    assertEquals(START + 3000 + 1000, record.expiresMillis());
    assertEquals(START, record.heldSinceMillis());
    assertEquals(List.of(), a.lost());
  }

  @Test
  void shouldRefuseALeaseAnotherNodeHoldsWhileItIsRenewed() {
    var a = node("a");
    var b = node("b");
    a.acquire();

    for (int i = 0; i < 10; i++) {
      elapse(a, false, b, Duration.ofMillis(500));
      assertFalse(b.acquire());
    }

    assertTrue(a.lease().checkLease());
    assertFalse(b.lease().checkLease());
    assertEquals("a", leases().read(NAME).orElseThrow().owner());
  }

  @Test
  void shouldLetAnotherNodeTakeAPausedHoldersLeaseOnlyOnceItExpired() {
    var a = node("a");
    var b = node("b");
    a.acquire();

    elapse(a, true, b, Duration.ofMillis(799));
    assertTrue(a.lease().checkLease());
    assertFalse(b.acquire());

    elapse(a, true, b, Duration.ofMillis(1));
    assertFalse(a.lease().checkLease(), "trusted only until timeout - margin");
    assertFalse(b.acquire(), "still held for the others until the full timeout");

    elapse(a, true, b, Duration.ofMillis(200));
    assertTrue(b.acquire());
    assertTrue(b.lease().checkLease());
    assertFalse(a.lease().checkLease());
    assertEquals("b", leases().read(NAME).orElseThrow().owner());
  }

  @Test
  void shouldTellAHolderThatResumesAfterItsLeaseWasTakenThatItLostIt() {
    var a = node("a");
    var b = node("b");
    a.acquire();
    elapse(a, true, b, Duration.ofMillis(1500));
    assertTrue(b.acquire());

    a.time().advance(Duration.ofMillis(1));

    assertFalse(a.lease().checkLease());
    assertEquals(1, a.lost().size());
    var reason = a.lost().get(0).orElseThrow().getMessage();
    assertTrue(reason.contains("lease " + NAME + " of a lost"), reason);
    assertTrue(b.lease().checkLease());
    assertEquals("b", leases().read(NAME).orElseThrow().owner());
    assertEquals(List.of(), b.lost());
  }

  @Test
  void shouldLoseALeaseWhoseRenewalFindsItTakenEvenWhileStillTrusted() {
    var a = node("a");
    a.acquire();
    // An operator (or a node with a clock far ahead) overwrote the file.
    leases()
        .update(
            NAME, current -> Optional.of(new LeaseRecord(NAME, "intruder", 0, 0, Long.MAX_VALUE)));

    a.time().advance(INTERVAL);

    assertFalse(a.lease().checkLease());
    var reason = a.lost().get(0).orElseThrow().getMessage();
    assertTrue(reason.endsWith("taken by intruder"), reason);
  }

  @Test
  void shouldLoseALeaseThatExpiredWhileTheFileStillNamesItsOwner() {
    var a = node("a");
    a.acquire();

    a.time().pause(Duration.ofMillis(1200));
    a.time().advance(Duration.ofMillis(1));

    assertFalse(a.lease().checkLease());
    assertEquals(1, a.lost().size());
  }

  /**
   * Lets a paused holder's lease run out, one millisecond at a time, with b's wall clock {@code
   * skew} ahead of a's; returns whether a still trusted the lease at the moment b took it.
   */
  private boolean holderStillTrustedWhenTakenOver(Duration skew) {
    var a = node("a");
    var b = node("b");
    b.time().skewWall(skew);
    a.acquire();
    // Nothing can happen in the first 700 ms: jump there, then step.
    elapse(a, true, b, Duration.ofMillis(700 - Math.max(0, skew.toMillis())));
    for (int step = 0; step < 2000; step++) {
      elapse(a, true, b, Duration.ofMillis(1));
      boolean trusted = a.lease().checkLease();
      if (b.acquire()) {
        return trusted;
      }
    }
    throw new AssertionError("b never took the lease");
  }

  @Test
  void shouldKeepFencingSafeWhileNoClockRunsAheadOfAnotherByTheMargin() {
    assertFalse(holderStillTrustedWhenTakenOver(Duration.ZERO));
    assertFalse(holderStillTrustedWhenTakenOver(MARGIN.minusMillis(1)));
    assertFalse(holderStillTrustedWhenTakenOver(Duration.ofMillis(-500)));
  }

  @Test
  void shouldOverlapOnlyWhenAClockRunsAheadByMoreThanTheMargin() {
    assertTrue(holderStillTrustedWhenTakenOver(MARGIN.plusMillis(50)));
  }

  @Test
  void shouldHandTheLeaseOverAtOnceWhenReleased() {
    var a = node("a");
    var b = node("b");
    a.acquire();

    assertTrue(a.release());

    assertFalse(a.lease().checkLease());
    assertEquals(0, leases().read(NAME).orElseThrow().expiresMillis());
    assertTrue(b.acquire());
    a.time().advance(Duration.ofSeconds(5));
    assertEquals(List.of(), a.lost(), "a released lease is not lost");
  }

  @Test
  void shouldNotReleaseALeaseItDoesNotHold() {
    var a = node("a");
    var b = node("b");
    a.acquire();

    assertFalse(b.release());

    assertTrue(a.lease().checkLease());
    assertEquals(START + 1000, leases().read(NAME).orElseThrow().expiresMillis());
  }

  @Test
  void shouldAcquireAgainALeaseItsOwnerStillHoldsAfterARestart() {
    var before = node("a");
    before.acquire();
    before.time().advance(Duration.ofMillis(300));

    var restarted = node("a", new ManualTime(START + 400));

    assertTrue(restarted.acquire());
    assertTrue(restarted.lease().checkLease());
    assertEquals(START, leases().read(NAME).orElseThrow().heldSinceMillis());
  }

  @Test
  void shouldRefuseADamagedLeaseFileWithAnErrorNamingItAndItsChecksums() throws Exception {
    var a = node("a");
    a.acquire();
    a.release();
    var file = leases().fileOf(NAME);
    var bytes = Files.readAllBytes(file);
    bytes[LeaseRecord.OFFSET_EXPIRES + 3] ^= 0x10;
    Files.write(file, bytes);
    var b = node("b");

    var failure = assertThrows(CompletionException.class, b::acquire);

    var damaged = assertInstanceOf(DamagedLeaseException.class, failure.getCause());
    assertEquals(file, damaged.file());
    var message = damaged.getMessage();
    assertTrue(message.contains(file.toString()), message);
    assertTrue(message.contains("CRC stored"), message);
    assertTrue(message.contains("no node can take this lease until it is removed"), message);
    assertFalse(b.lease().checkLease());
    assertTrue(java.util.Arrays.equals(bytes, Files.readAllBytes(file)), "left as it was");
  }

  @Test
  void shouldRefuseALeaseFileThatNamesAnotherLease() throws Exception {
    var other = leases().fileOf("some-other-lease");
    Files.createDirectories(other.getParent());
    Files.write(other, new LeaseRecord(NAME, "a", 0, 0, 0).encode());

    var failure =
        assertThrows(DamagedLeaseException.class, () -> leases().read("some-other-lease"));

    assertTrue(
        failure.getMessage().contains("it holds lease '" + NAME + "'"), failure.getMessage());
  }

  @Test
  void shouldLetExactlyOneOfTwoNodesAcquireWhenTheyTryAtOnce() throws Exception {
    var threads = java.util.concurrent.Executors.newScheduledThreadPool(4);
    try {
      var leases = new FileLease[2];
      for (int i = 0; i < 2; i++) {
        leases[i] =
            FileLease.builder(settings("node-" + i), timing(dir))
                .timer(LeaseTimer.of(threads))
                .io(threads)
                .build();
      }
      for (int round = 0; round < 30; round++) {
        var start = new java.util.concurrent.CountDownLatch(1);
        var tries = new java.util.ArrayList<java.util.concurrent.Future<Boolean>>();
        for (var lease : leases) {
          tries.add(
              threads.submit(
                  () -> {
                    start.await();
                    return lease.acquire().toCompletableFuture().get();
                  }));
        }
        start.countDown();
        int winner = -1;
        for (int i = 0; i < 2; i++) {
          if (tries.get(i).get()) {
            assertEquals(-1, winner, "both acquired in round " + round);
            winner = i;
          }
        }
        assertTrue(winner >= 0, "neither acquired in round " + round);
        assertTrue(leases[winner].checkLease());
        assertFalse(leases[1 - winner].checkLease());
        assertTrue(leases[winner].release().toCompletableFuture().get());
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void shouldRefuseTimingsThatLetAHealthyHolderDropItsLease() {
    var failure =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new FileLeaseSettings(
                    dir, TIMEOUT, Duration.ofMillis(400), OPERATION, Duration.ofMillis(300)));

    assertTrue(failure.getMessage().contains("must be less than heartbeat-timeout"));
  }
}
