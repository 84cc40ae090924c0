package io.interstice.journal.log;

/**
 * One persisted event inside a frame, with its payload already serialized.
 *
 * @param sequenceNr the event's sequence number within its persistence id
 * @param timestamp wall-clock millis at which it was written
 * @param writerUuid the Pekko writer uuid of the incarnation that wrote it
 * @param adapterManifest the event adapter manifest ("" when none)
 * @param serializerId the Pekko serializer id that produced {@code payload}
 * @param serializerManifest that serializer's manifest for the payload ("" when none)
 * @param payload the serialized event
 */
public record LogEvent(
    long sequenceNr,
    long timestamp,
    String writerUuid,
    String adapterManifest,
    int serializerId,
    String serializerManifest,
    byte[] payload) {}
