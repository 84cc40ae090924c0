package io.interstice.runtime.cluster;

import io.interstice.runtime.ClusterMessage;
import io.interstice.runtime.module.code.Args;
import java.io.NotSerializableException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko serializer of every {@link ClusterMessage}: the module commands sent through Cluster
 * Sharding, their replies and live updates, whichever node they go to. Bound to the marker once in
 * the runtime's {@code reference.conf}; Java serialization is never used.
 *
 * <p><b>Why hand-written, and not Kryo.</b> These messages are mostly made of things that already
 * have a documented, canonical binary form: schemas ({@code SchemaCodec}), rows and typed values
 * ({@code RowCodec}), module code as the log records it. Writing the rest with the same primitives
 * keeps one byte-level vocabulary for the log and the wire, checked by the same strict readers;
 * Kryo would have needed a hand-written serializer per class anyway (its reflective ones would make
 * record layouts the wire format), plus a way to hand its serializers the actor system to resolve
 * actor references. A message class is known by a manifest string chosen here, not by its Java
 * name.
 *
 * <p><b>Format.</b> Serializer id {@value #IDENTIFIER}. Every payload is a format version byte
 * ({@value #VERSION}), then the message's fields in order. Primitives are the row encoding's
 * ({@code docs/row-encoding.md}): {@code u8}; {@code i32}/{@code i64} little-endian; {@code varint}
 * unsigned LEB128; {@code text} a varint length and UTF-8 (an unpaired surrogate is sent as
 * U+FFFD); {@code bytes} a varint length and the bytes; {@code opt X} a u8 0 (null) or 1 followed
 * by X; {@code ref} an actor reference as text in {@link ActorRefResolver}'s format (path with the
 * node's address and the actor's uid). Enumerations travel as the codes of {@link WireCodes}.
 *
 * <table>
 *   <caption>Messages, by manifest</caption>
 *   <tr><th>manifest</th><th>class</th><th>fields</th></tr>
 *   <tr><td>Deploy</td><td>ModuleActor.Deploy</td><td>code, ref reply-to</td></tr>
 *   <tr><td>Remove</td><td>ModuleActor.Remove</td><td>ref reply-to</td></tr>
 *   <tr><td>Call</td><td>ModuleActor.Call</td><td>text reducer, args, opt text caller, opt text
 *       idempotency key, ref reply-to, i64 arrival (the sender's nanoTime; restamped on
 *       arrival)</td></tr>
 *   <tr><td>CallBatch</td><td>ModuleActor.CallBatch</td><td>i64 arrival, varint n, n times:
 *       text reducer, args, opt text caller, opt text idempotency key; ref reply-to</td></tr>
 *   <tr><td>Deliver</td><td>ModuleActor.Deliver</td><td>text sender, i64 sequence number, u8
 *       outbox entry kind (1 call, 2 event), text reducer, bytes JSON arguments, varint depth,
 *       text cause</td></tr>
 *   <tr><td>Acknowledge</td><td>ModuleActor.Acknowledge</td><td>text consumer, i64 up to, opt
 *       text rejection</td></tr>
 *   <tr><td>RegisterSubscriptions</td><td>ModuleActor.RegisterSubscriptions</td><td>text
 *       subscriber, subscriptions</td></tr>
 *   <tr><td>SubscriptionsRegistered</td><td>ModuleActor.SubscriptionsRegistered</td><td>text
 *       producer, opt text problem</td></tr>
 *   <tr><td>SubscribeLive</td><td>ModuleActor.SubscribeLive</td><td>varint n, n text tables, ref
 *       subscriber, ref reply-to</td></tr>
 *   <tr><td>UnsubscribeLive</td><td>ModuleActor.UnsubscribeLive</td><td>ref subscriber</td></tr>
 *   <tr><td>Query</td><td>ModuleActor.Query</td><td>text query, args, opt text caller, ref
 *       reply-to</td></tr>
 *   <tr><td>ReadRows</td><td>ModuleActor.ReadRows</td><td>text table, opt text key after, i32
 *       limit, ref reply-to</td></tr>
 *   <tr><td>Describe</td><td>ModuleActor.Describe</td><td>ref reply-to</td></tr>
 *   <tr><td>Failed</td><td>ModuleActor.Failed</td><td>u8 error kind, opt text message</td></tr>
 *   <tr><td>Removed</td><td>ModuleActor.Removed</td><td>text module</td></tr>
 *   <tr><td>Deployed</td><td>ModuleActor.Deployed</td><td>module info</td></tr>
 *   <tr><td>Committed</td><td>ModuleActor.Committed</td><td>i64 transaction id, i64 timestamp
 *       (µs)</td></tr>
 *   <tr><td>CallsAnswered</td><td>ModuleActor.CallsAnswered</td><td>varint n, n times: u8 1,
 *       i64 transaction id, i64 timestamp (µs); or u8 2, u8 error kind, opt text message</td></tr>
 *   <tr><td>Answered</td><td>ModuleActor.Answered</td><td>type, then the value of that type in
 *       the row encoding</td></tr>
 *   <tr><td>Rows</td><td>ModuleActor.Rows</td><td>table, varint n, n rows (each its column
 *       values in the row encoding), u8 more (0|1)</td></tr>
 *   <tr><td>Described</td><td>ModuleActor.Described</td><td>module info</td></tr>
 *   <tr><td>LiveCurrent</td><td>LiveUpdate.Current</td><td>text module, i64 transaction id,
 *       varint n, n times: text table, varint m, m tagged rows</td></tr>
 *   <tr><td>LiveCommitted</td><td>LiveUpdate.Committed</td><td>text module, i64 transaction id,
 *       varint n, n times: text table, u8 row change, opt tagged old row, opt tagged new
 *       row</td></tr>
 *   <tr><td>LiveEnded</td><td>LiveUpdate.Ended</td><td>text module, opt text reason</td></tr>
 * </table>
 *
 * <p>Parts: <i>code</i> is u8 1 and the Java class name as text, or u8 2 and the WebAssembly binary
 * as bytes. <i>args</i> is u8 1 and a varint count of {@link TaggedValues tagged values}, or u8 2
 * and the JSON array as text. <i>type</i> and <i>table</i> are in {@code SchemaCodec}'s type and
 * table encodings ({@code docs/schema-encoding.md}); a <i>schema</i> is bytes holding a whole
 * {@code SchemaCodec} encoding. <i>Subscriptions</i> are a varint count, then each: text module,
 * text table, u8 row event, text reducer. <i>Module info</i> is text name, i32 version, text code,
 * opt schema, i64 last transaction id, opt recovery (four i64: transactions, events replayed,
 * snapshot sequence number, milliseconds), opt text engine, opt text problem.
 *
 * <p><b>Large messages.</b> A payload larger than a frame of the remote transport ({@code
 * pekko.remote.artery.advanced.maximum-frame-size} less 16 KiB) goes in a file of the shared data
 * directory instead, and the payload sent is u8 2, text file name, i64 length, bytes SHA-256 of the
 * file's contents (the payload above, version byte first): {@link LargeMessages}.
 *
 * <p>A class with no format here is refused with an {@link IllegalArgumentException} naming it; an
 * unknown manifest, another version, or bytes the readers refuse, with a {@link
 * NotSerializableException} naming the manifest and the offset.
 *
 * <p>Thread-safe: its table of formats is filled in the constructor and only read after; the actor
 * reference resolver is looked up on first use, and looking it up twice is harmless.
 */
public final class ClusterMessageSerializer extends SerializerWithStringManifest {
  /** Pekko's id of this serializer; part of the wire format. */
  public static final int IDENTIFIER = 7432;

  /** The version byte every payload starts with. */
  static final int VERSION = 1;

  private final ExtendedActorSystem system;
  private final Map<Class<?>, MessageFormat<?>> byClass = new LinkedHashMap<>();
  private final Map<String, MessageFormat<?>> byManifest = new LinkedHashMap<>();
  private final LargeMessages large;
  private volatile ActorRefResolver refs;

  public ClusterMessageSerializer(ExtendedActorSystem system) {
    this.system = system;
    this.large = LargeMessages.fromConfig(system.settings().config());
    for (var format : formats()) {
      if (byClass.put(format.type(), format) != null
          || byManifest.put(format.manifest(), format) != null) {
        throw new IllegalStateException(
            "two wire formats for " + format.type().getName() + " or " + format.manifest());
      }
    }
  }

  /** Every message format, commands first. */
  static List<MessageFormat<?>> formats() {
    return Stream.concat(CommandFormats.all().stream(), ReplyFormats.all().stream()).toList();
  }

  /**
   * Why {@code args} cannot go to a module on another node, as {@code [1][0]: java.util.Date}
   * (where the first value that is not an SDK value sits, and what it is); null when they can.
   */
  public static String unsendable(Args args) {
    return args instanceof Args.Values values
        ? TaggedValues.firstUnsendable(values.values())
        : null;
  }

  @Override
  public int identifier() {
    return IDENTIFIER;
  }

  @Override
  public String manifest(Object message) {
    return formatOf(message).manifest();
  }

  @Override
  public byte[] toBinary(Object message) {
    var format = formatOf(message);
    var out = new WireWriter(refs());
    out.u8(VERSION);
    try {
      format.write(out, message);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot serialize " + message.getClass().getName() + ": " + e.getMessage(), e);
    }
    return large.carry(out.toByteArray(), format.manifest());
  }

  @Override
  public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
    var format = byManifest.get(manifest);
    if (format == null) {
      throw new NotSerializableException(
          "no message with manifest '"
              + manifest
              + "' is known to the cluster message serializer ("
              + IDENTIFIER
              + ")");
    }
    var in = new WireReader(bytes, refs());
    try {
      int version = in.u8();
      if (version == LargeMessages.BY_FILE) {
        in = new WireReader(large.fetch(in, manifest), refs());
        version = in.u8();
      }
      if (version != VERSION) {
        throw new NotSerializableException(
            manifest + " has format version " + version + "; this node reads version " + VERSION);
      }
      var message = format.read(in);
      in.requireEnd("the " + manifest + " message");
      return message;
    } catch (RuntimeException e) {
      throw new NotSerializableException(
          "cannot read " + manifest + " (" + format.type().getName() + "): " + e.getMessage());
    }
  }

  private MessageFormat<?> formatOf(Object message) {
    var format = byClass.get(message.getClass());
    if (format == null) {
      throw new IllegalArgumentException(
          message.getClass().getName()
              + " has no format in the cluster message serializer; give it one in"
              + " io.interstice.runtime.cluster, or make it NoSerializationVerificationNeeded if it"
              + " never leaves its node");
    }
    return format;
  }

  /** Looked up on first use: the extension cannot be created while the system still starts. */
  private ActorRefResolver refs() {
    var resolver = refs;
    if (resolver == null) {
      resolver = ActorRefResolver.get(Adapter.toTyped(system));
      refs = resolver;
    }
    return resolver;
  }
}
