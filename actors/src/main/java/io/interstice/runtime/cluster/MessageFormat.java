package io.interstice.runtime.cluster;

import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * How one message class travels between nodes: its manifest, fixed and part of the wire format (it
 * names the layout, not the Java class, so a class may be renamed or moved freely), and how its
 * fields are written and read, in order. Immutable.
 */
record MessageFormat<T>(
    String manifest,
    Class<T> type,
    BiConsumer<WireWriter, T> writer,
    Function<WireReader, T> reader) {

  static <T> MessageFormat<T> of(
      String manifest,
      Class<T> type,
      BiConsumer<WireWriter, T> writer,
      Function<WireReader, T> reader) {
    return new MessageFormat<>(manifest, type, writer, reader);
  }

  void write(WireWriter out, Object message) {
    writer.accept(out, type.cast(message));
  }

  T read(WireReader in) {
    return reader.apply(in);
  }
}
