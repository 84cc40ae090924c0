package io.interstice.journal.testkit;

import io.interstice.journal.log.SegmentChannels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Segment channels over real files that fail on command: a force or a write that throws, a write
 * that stores only part of its bytes and then fails, or writes that store only part of their bytes
 * each time (which a correct writer simply continues). A fault stays armed until {@link #disarm}ed,
 * as a failing disk would. Also holds a force until released, so that a test can queue several
 * submissions into the next group-commit batch.
 *
 * <p>Thread-safe: the fault is a volatile field read by every channel on every call.
 */
public final class FaultyChannels implements SegmentChannels {
  /** What the channels do wrong. */
  public enum Fault {
    NONE,
    /** {@code force} throws; the written bytes stay in the page cache. */
    FORCE_FAILS,
    /** {@code write} throws before writing anything. */
    WRITE_FAILS,
    /** {@code write} stores half of what it was given, returns that count; the next one throws. */
    SHORT_WRITE_THEN_FAILS,
    /** {@code write} stores at most half of what it was given and returns that count. */
    SHORT_WRITES,
    /**
     * A positional write (the log's zero fill ahead of its frames) throws before writing anything;
     * appends and forces work.
     */
    FILL_FAILS
  }

  private volatile Fault fault = Fault.NONE;
  private volatile CountDownLatch forceHeld;
  private volatile CountDownLatch forceRelease;
  private final AtomicInteger injected = new AtomicInteger();
  private final AtomicInteger forces = new AtomicInteger();
  private final AtomicLong written = new AtomicLong();

  public void arm(Fault value) {
    fault = value;
  }

  public void disarm() {
    fault = Fault.NONE;
  }

  /** How many calls failed or were cut short on purpose. */
  public int injected() {
    return injected.get();
  }

  /** How many forces were attempted, failed ones included. */
  public int forces() {
    return forces.get();
  }

  /** Bytes that reached the files through these channels. */
  public long written() {
    return written.get();
  }

  /**
   * Makes the next force wait until {@link #releaseForce()}; whether it fails is decided by the
   * fault armed when it started.
   */
  public void holdNextForce() {
    forceRelease = new CountDownLatch(1);
    forceHeld = new CountDownLatch(1);
  }

  /** Waits until a force is held by {@link #holdNextForce()}. */
  public void awaitForceHeld() throws InterruptedException {
    if (!forceHeld.await(10, TimeUnit.SECONDS)) {
      throw new AssertionError("no force was held within 10 s");
    }
  }

  public void releaseForce() {
    forceRelease.countDown();
  }

  @Override
  public FileChannel open(Path segment, Set<? extends OpenOption> options) throws IOException {
    return new Channel(FileChannel.open(segment, options));
  }

  private IOException injectedFailure(String call) {
    injected.incrementAndGet();
    return new IOException("injected failure of " + call);
  }

  /** A file channel that asks the enclosing {@link FaultyChannels} before writing or forcing. */
  private final class Channel extends FileChannel {
    private final FileChannel file;
    private boolean failNextWrite;

    Channel(FileChannel file) {
      this.file = file;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      long asked = 0;
      for (int i = offset; i < offset + length; i++) {
        asked += srcs[i].remaining();
      }
      long allowed = allowedBytes(asked);
      long done = 0;
      for (int i = offset; i < offset + length && done < allowed; i++) {
        var part = srcs[i].duplicate();
        part.limit(part.position() + (int) Math.min(part.remaining(), allowed - done));
        int n = part.remaining();
        while (part.hasRemaining()) {
          file.write(part);
        }
        srcs[i].position(srcs[i].position() + n);
        done += n;
      }
      written.addAndGet(done);
      return done;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return (int) write(new ByteBuffer[] {src}, 0, 1);
    }

    /** How many of {@code asked} bytes the current fault lets through; throws for a failure. */
    private synchronized long allowedBytes(long asked) throws IOException {
      var current = fault;
      if (current == Fault.WRITE_FAILS || failNextWrite) {
        failNextWrite = false;
        throw injectedFailure("write");
      }
      if (asked <= 1
          || (current != Fault.SHORT_WRITES && current != Fault.SHORT_WRITE_THEN_FAILS)) {
        return asked;
      }
      injected.incrementAndGet();
      failNextWrite = current == Fault.SHORT_WRITE_THEN_FAILS;
      return asked / 2;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      forces.incrementAndGet();
      // Decided on entry: a fault armed while this force is held applies to the next one.
      boolean fail = fault == Fault.FORCE_FAILS;
      var held = forceHeld;
      var release = forceRelease;
      if (held != null && held.getCount() > 0) {
        held.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (fail) {
        throw injectedFailure("force");
      }
      file.force(metaData);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return file.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return file.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return file.read(dst, position);
    }

    /** A positional write (the log's zero fill ahead of its frames), with the same faults. */
    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      if (fault == Fault.FILL_FAILS) {
        throw injectedFailure("positional write");
      }
      long allowed = allowedBytes(src.remaining());
      var part = src.duplicate();
      part.limit(part.position() + (int) allowed);
      int n = 0;
      while (part.hasRemaining()) {
        n += file.write(part, position + n);
      }
      src.position(src.position() + n);
      written.addAndGet(n);
      return n;
    }

    @Override
    public long position() throws IOException {
      return file.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      file.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return file.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      file.truncate(size);
      return this;
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target)
        throws IOException {
      return file.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count)
        throws IOException {
      throw new UnsupportedOperationException("the log appends; transfers are not faked");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      throw new UnsupportedOperationException("the log does not map segments");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return file.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return file.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      file.close();
    }
  }
}
