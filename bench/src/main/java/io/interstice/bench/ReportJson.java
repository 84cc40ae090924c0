package io.interstice.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The Jackson set-up the benchmark reports share: indented documents, and measured numbers written
 * with as many decimals as the reports have always stated them (a p99 of 383.0 µs, not
 * 382.98765432).
 */
final class ReportJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private ReportJson() {}

  /** An empty report object to fill. */
  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** {@code value} rounded half up to {@code places} decimals, or null when it is not finite. */
  static BigDecimal rounded(double value, int places) {
    return Double.isFinite(value)
        ? BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP)
        : null;
  }

  /** {@code report} as an indented document ending in a newline. */
  static String text(ObjectNode report) {
    return write(MAPPER.writer(), report) + "\n";
  }

  /** {@code report} on one line, for a benchmark that prints its result among other output. */
  static String line(ObjectNode report) {
    return write(MAPPER.writer().without(SerializationFeature.INDENT_OUTPUT), report);
  }

  private static String write(ObjectWriter writer, ObjectNode report) {
    try {
      return writer.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      // A tree of plain values always serializes; this would be a broken invariant.
      throw new UncheckedIOException(e);
    }
  }
}
