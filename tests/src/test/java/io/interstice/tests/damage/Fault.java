package io.interstice.tests.damage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One fault, fully determined, so that it can be applied to any copy of the pristine log and
 * described in a report.
 *
 * @param kind what is done
 * @param file the damaged file, relative to the data directory
 * @param fileKind what that file is
 * @param offset where the damage starts: the flipped byte, the new length of a truncated file, the
 *     first zeroed byte, or where a duplicated block is written; 0 for a deletion
 * @param length bytes zeroed or duplicated; 0 otherwise
 * @param source where a duplicated block is copied from; 0 otherwise
 * @param bit the flipped bit (0-7); 0 otherwise
 */
record Fault(
    FaultKind kind, Path file, FileKind fileKind, long offset, int length, long source, int bit) {

  static Fault bitFlip(Path file, FileKind fileKind, long offset, int bit) {
    return new Fault(FaultKind.BIT_FLIP, file, fileKind, offset, 0, 0, bit);
  }

  static Fault truncation(Path file, FileKind fileKind, long newLength) {
    return new Fault(FaultKind.TRUNCATION, file, fileKind, newLength, 0, 0, 0);
  }

  static Fault zeroedBlock(Path file, FileKind fileKind, long offset, int length) {
    return new Fault(FaultKind.ZEROED_BLOCK, file, fileKind, offset, length, 0, 0);
  }

  static Fault duplicatedBlock(Path file, FileKind fileKind, long source, long target, int length) {
    return new Fault(FaultKind.DUPLICATED_BLOCK, file, fileKind, target, length, source, 0);
  }

  static Fault deletion(Path file, FileKind fileKind) {
    return new Fault(FaultKind.DELETION, file, fileKind, 0, 0, 0, 0);
  }

  /** Damages {@code file} of the data directory {@code dataDir} as this fault says. */
  void applyTo(Path dataDir) throws IOException {
    var path = dataDir.resolve(file.toString());
    if (kind == FaultKind.DELETION) {
      Files.delete(path);
      return;
    }
    try (var channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      switch (kind) {
        case BIT_FLIP -> {
          var b = read(channel, offset, 1);
          b.put(0, (byte) (b.get(0) ^ (1 << bit)));
          write(channel, offset, b);
        }
        case TRUNCATION -> channel.truncate(offset);
        case ZEROED_BLOCK -> write(channel, offset, ByteBuffer.allocate(length));
        case DUPLICATED_BLOCK -> write(channel, offset, read(channel, source, length));
        default -> throw new IllegalStateException("not a byte fault: " + kind);
      }
    }
  }

  private static ByteBuffer read(FileChannel channel, long at, int length) throws IOException {
    var b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (channel.read(b, at + b.position()) < 0) {
        throw new IOException("file ends before offset " + (at + length));
      }
    }
    return b.flip();
  }

  private static void write(FileChannel channel, long at, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      channel.write(b, at + b.position());
    }
  }

  @Override
  public String toString() {
    var where = file + " (" + fileKind.label() + ")";
    return switch (kind) {
      case BIT_FLIP -> "bit flip of bit " + bit + " at offset " + offset + " of " + where;
      case TRUNCATION -> "truncation to " + offset + " bytes of " + where;
      case ZEROED_BLOCK -> "zeroed bytes " + offset + ".." + (offset + length) + " of " + where;
      case DUPLICATED_BLOCK ->
          "bytes "
              + source
              + ".."
              + (source + length)
              + " copied over "
              + offset
              + ".."
              + (offset + length)
              + " of "
              + where;
      case DELETION -> "deletion of " + where;
    };
  }
}
