package io.interstice.sdk.internal.sample;

import io.interstice.sdk.Index;
import io.interstice.sdk.PrimaryKey;
import io.interstice.sdk.Table;
import io.interstice.sdk.schema.IndexKind;
import io.interstice.sdk.schema.Persistence;
import io.interstice.sdk.value.Bytes;
import java.util.List;
import java.util.Optional;

/** A row with a component of every supported Java type; the table of {@link Everything}. */
@Table(persistence = Persistence.EPHEMERAL)
public record Item(
    @PrimaryKey String code,
    boolean active,
    int count,
    Integer boxedCount,
    long total,
    float ratio,
    double weight,
    byte[] payload,
    Bytes digest,
    Optional<String> note,
    List<Long> history,
    @Index(name = "by_shape", kind = IndexKind.HASH) Shape shape,
    Dimensions dimensions,
    List<Optional<Dimensions>> parts) {

  /** A nested record: a struct column. */
  public record Dimensions(int width, int height, Optional<Shape> outline) {}
}
