package io.interstice.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages form layers: no package depends, directly or through others, on a package
 * that depends back on it. Read from the compiled classes with the JDK's {@code jdeps}, so that
 * what is checked is what the compiler produced.
 */
class PackageCyclesTest {
  private static final String ROOT = "io.interstice.runtime";
  private static final Pattern EDGE =
      Pattern.compile(
          "^\\s+("
              + Pattern.quote(ROOT)
              + "[\\w.]*)\\s+->\\s+("
              + Pattern.quote(ROOT)
              + "[\\w.]*)\\s");

  @Test
  void shouldHaveNoCycleBetweenTheRuntimesPackages() {
    var graph = packageGraph(Path.of("target", "classes"));
    assertTrue(graph.size() >= 8, "expected the runtime's packages, found " + graph.keySet());
    assertEquals(List.of(), cycles(graph), "package cycles");
  }

  @Test
  void shouldFindACycleWhereThereIsOne() {
    var graph = new TreeMap<String, Set<String>>();
    graph.put("a", Set.of("b"));
    graph.put("b", Set.of("c"));
    graph.put("c", Set.of("a"));
    graph.put("d", Set.of("a"));
    assertEquals(List.of(List.of("a", "b", "c")), cycles(graph));
  }

  /** Package to the packages of the runtime it depends on. */
  private static Map<String, Set<String>> packageGraph(Path classes) {
    assertTrue(Files.isDirectory(classes), classes.toAbsolutePath() + " is not built");
    var jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
    var out = new StringWriter();
    int code =
        jdeps.run(
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            "-verbose:package",
            "-filter:none",
            classes.toString());
    assertEquals(0, code, out.toString());
    var graph = new TreeMap<String, Set<String>>();
    for (var line : out.toString().split("\n")) {
      var edge = EDGE.matcher(line);
      if (edge.find()) {
        graph.computeIfAbsent(edge.group(1), p -> new TreeSet<>());
        graph.computeIfAbsent(edge.group(2), p -> new TreeSet<>());
        if (!edge.group(1).equals(edge.group(2))) {
          graph.get(edge.group(1)).add(edge.group(2));
        }
      }
    }
    return graph;
  }

  /** The strongly connected components of more than one package (Tarjan), each sorted. */
  static List<List<String>> cycles(Map<String, Set<String>> graph) {
    var search =
        new Object() {
          final Map<String, Integer> index = new TreeMap<>();
          final Map<String, Integer> low = new TreeMap<>();
          final List<String> stack = new ArrayList<>();
          final List<List<String>> found = new ArrayList<>();
          int next;

          void visit(String node) {
            index.put(node, next);
            low.put(node, next);
            next++;
            stack.add(node);
            for (var to : graph.getOrDefault(node, Set.of())) {
              if (!index.containsKey(to)) {
                visit(to);
                low.put(node, Math.min(low.get(node), low.get(to)));
              } else if (stack.contains(to)) {
                low.put(node, Math.min(low.get(node), index.get(to)));
              }
            }
            if (low.get(node).equals(index.get(node))) {
              var component = new TreeSet<String>();
              String member;
              do {
                member = stack.remove(stack.size() - 1);
                component.add(member);
              } while (!member.equals(node));
              if (component.size() > 1) {
                found.add(List.copyOf(component));
              }
            }
          }
        };
    for (var node : graph.keySet()) {
      if (!search.index.containsKey(node)) {
        search.visit(node);
      }
    }
    return search.found;
  }
}
