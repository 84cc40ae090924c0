package io.interstice.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.interstice.client.IntersticeClient;
import java.io.PrintWriter;
import java.net.URI;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of every verb that talks to a node: where it is, its token, and whether to print data
 * as JSON; and the client and output they give.
 */
public final class NodeOptions {
  static final ObjectMapper JSON = new ObjectMapper();

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--url",
      paramLabel = "URL",
      defaultValue = "${env:INTERSTICE_URL:-http://127.0.0.1:8080}",
      description = "The node's URL (default: $INTERSTICE_URL, else http://127.0.0.1:8080).")
  String url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      defaultValue = "${env:INTERSTICE_TOKEN}",
      description = "Bearer token of a node run with --token (default: $INTERSTICE_TOKEN).")
  String token;

  @Option(names = "--json", description = "Print the node's data as JSON.")
  boolean json;

  /** A client of the node; bad usage when the URL is not one. */
  IntersticeClient connect() {
    return client().build();
  }

  /** A builder of a client of the node, for a verb that sets more. */
  IntersticeClient.Builder client() {
    try {
      return IntersticeClient.builder(URI.create(url)).token(token);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--url: " + e.getMessage());
    }
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  /** Compact JSON of a value (a tree, a record, a list of them). */
  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print as JSON: " + value, e);
    }
  }
}
