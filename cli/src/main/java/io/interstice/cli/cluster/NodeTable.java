package io.interstice.cli.cluster;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints rows of text as columns padded to their widest cell, two spaces apart; the last column is
 * not padded. Stateless.
 */
final class NodeTable {
  private NodeTable() {}

  static void print(PrintWriter out, List<String> header, List<List<String>> rows) {
    var all = new ArrayList<List<String>>();
    all.add(header);
    all.addAll(rows);
    var widths = new int[header.size()];
    for (var row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (var row : all) {
      var line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(row.get(i));
        if (i < row.size() - 1) {
          line.append(" ".repeat(widths[i] - row.get(i).length() + 2));
        }
      }
      out.println(line);
    }
    out.flush();
  }
}
