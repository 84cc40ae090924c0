package io.interstice.bench;

import com.typesafe.config.Config;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.PersistentRepr$;
import org.apache.pekko.persistence.journal.japi.AsyncWriteJournal;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializers;
import scala.concurrent.Future;
import scala.jdk.javaapi.CollectionConverters;
import scala.jdk.javaapi.FutureConverters;

/**
 * The naive peer of the benchmark: every event is appended to one file and forced with {@link
 * FileChannel#force} on its own, one after the other, and a write is acknowledged only after the
 * force of its last event. No group commit, so throughput is bounded by the disk's forces per
 * second however many actors write.
 *
 * <p>Record layout (big-endian, {@link DataOutputStream} encodings): 4 bytes body length, then the
 * body: persistence id (UTF), sequence number (8), timestamp (8), writer uuid (UTF), adapter
 * manifest (UTF), serializer id (4), serializer manifest (UTF), payload length (4), payload. No
 * CRC, no index: replay scans the whole file, which is enough for the fresh ids of the benchmark.
 * Deletion is not supported.
 *
 * <p>Thread-safety: encoding runs on the journal actor; every file access (append, force, scan)
 * runs on one dedicated thread, so reads see every write submitted before them.
 */
public final class NaivePerEventFsyncJournal extends AsyncWriteJournal {
  private static final String FILE = "events.log";

  private final Path file;
  private final FileChannel channel;
  private final Serialization serialization;
  private final ExecutorService io =
      Executors.newSingleThreadExecutor(
          r -> {
            var thread = new Thread(r, "naive-journal-io");
            thread.setDaemon(true);
            return thread;
          });

  public NaivePerEventFsyncJournal(Config config) {
    var dir = Path.of(config.getString("dir"));
    try {
      Files.createDirectories(dir);
      this.file = dir.resolve(FILE);
      this.channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the naive journal in " + dir, e);
    }
    this.serialization = SerializationExtension.get(context().system());
  }

  @Override
  public Future<Iterable<Optional<Exception>>> doAsyncWriteMessages(
      Iterable<AtomicWrite> messages) {
    var results = new ArrayList<Optional<Exception>>();
    var records = new ArrayList<ByteBuffer>();
    for (var write : messages) {
      try {
        var encoded = new ArrayList<ByteBuffer>();
        for (var repr : CollectionConverters.asJava(write.payload())) {
          encoded.add(encode(repr));
        }
        records.addAll(encoded);
        results.add(Optional.empty());
      } catch (RuntimeException e) {
        results.add(Optional.of(e));
      }
    }
    return FutureConverters.asScala(
        CompletableFuture.supplyAsync(
            () -> {
              records.forEach(this::appendAndForce);
              return (Iterable<Optional<Exception>>) results;
            },
            io));
  }

  private ByteBuffer encode(PersistentRepr repr) {
    var payload = repr.payload();
    var serializer = serialization.findSerializerFor(payload);
    var bytes = new ByteArrayOutputStream(256);
    try (var out = new DataOutputStream(bytes)) {
      out.writeInt(0); // body length, patched below
      out.writeUTF(repr.persistenceId());
      out.writeLong(repr.sequenceNr());
      out.writeLong(repr.timestamp() == 0 ? System.currentTimeMillis() : repr.timestamp());
      out.writeUTF(repr.writerUuid());
      out.writeUTF(repr.manifest());
      out.writeInt(serializer.identifier());
      out.writeUTF(Serializers.manifestFor(serializer, payload));
      var data = serializer.toBinary(payload);
      out.writeInt(data.length);
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    var buffer = ByteBuffer.wrap(bytes.toByteArray());
    buffer.putInt(0, buffer.capacity() - 4);
    return buffer;
  }

  /** One event, one write, one force: the design the binary log's group commit replaces. */
  private void appendAndForce(ByteBuffer record) {
    try {
      while (record.hasRemaining()) {
        channel.write(record);
      }
      channel.force(false);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
  }

  @Override
  public Future<Void> doAsyncReplayMessages(
      String persistenceId,
      long fromSequenceNr,
      long toSequenceNr,
      long max,
      Consumer<PersistentRepr> replayCallback) {
    return onIoThread(
        () -> {
          long left = max;
          for (var repr : scan(persistenceId)) {
            if (left <= 0) {
              break;
            }
            if (repr.sequenceNr() >= fromSequenceNr && repr.sequenceNr() <= toSequenceNr) {
              replayCallback.accept(repr);
              left--;
            }
          }
          return null;
        });
  }

  @Override
  public Future<Long> doAsyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    return onIoThread(
        () -> scan(persistenceId).stream().mapToLong(PersistentRepr::sequenceNr).max().orElse(0));
  }

  @Override
  public Future<Void> doAsyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    return FutureConverters.asScala(
        CompletableFuture.failedFuture(
            new UnsupportedOperationException("the naive benchmark journal does not delete")));
  }

  private <T> Future<T> onIoThread(Supplier<T> work) {
    return FutureConverters.asScala(CompletableFuture.supplyAsync(work, io));
  }

  /** Every complete record of {@code persistenceId}, in file order; a torn tail is ignored. */
  private List<PersistentRepr> scan(String persistenceId) {
    var found = new ArrayList<PersistentRepr>();
    try (var in =
        new DataInputStream(
            new BufferedInputStream(
                Channels.newInputStream(FileChannel.open(file, StandardOpenOption.READ))))) {
      while (true) {
        int length = in.readInt();
        var body = new DataInputStream(new ByteArrayInputStream(in.readNBytes(length)));
        var repr = decode(body);
        if (repr.persistenceId().equals(persistenceId)) {
          found.add(repr);
        }
      }
    } catch (EOFException endOfLog) {
      return found;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private PersistentRepr decode(DataInputStream body) throws IOException {
    var persistenceId = body.readUTF();
    long sequenceNr = body.readLong();
    long timestamp = body.readLong();
    var writerUuid = body.readUTF();
    var adapterManifest = body.readUTF();
    int serializerId = body.readInt();
    var serializerManifest = body.readUTF();
    var data = body.readNBytes(body.readInt());
    var payload = serialization.deserialize(data, serializerId, serializerManifest).get();
    return PersistentRepr$.MODULE$
        .apply(payload, sequenceNr, persistenceId, adapterManifest, false, null, writerUuid)
        .withTimestamp(timestamp);
  }

  @Override
  public void postStop() throws Exception {
    io.shutdown();
    io.awaitTermination(10, TimeUnit.SECONDS);
    channel.close();
    super.postStop();
  }
}
